"""One toll told in parts within one sentence.

- "Two militants died in the explosion and the third militant was killed by police": the
  third is not one of the two, so the sentence tells of three dead. The parts become one claim whose
  count is their sum and whose count span runs from the first part to the last
  (``join_parts``).
- "One bomber detonated her belt, killing herself, and the second was shot dead": the
  bomber whose charge went off is the one "herself" names; told twice, she is counted once
  (``told_twice``), so the sentence's toll is two, not three.

A part is marked by the words that set it apart from people already counted in the sentence
(``partition_words``: "the second", "the third", "the other", "the remaining", "a third",
"another"); only parts of the same kind of harm, each with a count a reader can add, are
summed. Figures in separate sentences are left to the incident's reconciling
(``link/additive.py``), which decides whether a report restates or adds.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from harmledger.extract import rulebook as rb
from harmledger.extract.claims_merge import merge_into
from harmledger.extract.counts import sum_counts
from harmledger.extract.phrase_counts import one_more, reflexive_antecedent
from harmledger.extract.triggers import Trigger
from harmledger.models import Claim, Count, Span

_PARTITION = rb.words("partition_words")
_DEFINITE = frozenset({"the"})
_SUMMABLE = frozenset({"exact", "at_least", "more_than"})

Found = list[tuple[Trigger, Claim]]


def _set_apart(patient: Token) -> bool:
    """ "the third militant", "the second", "the other", "a third", "another": a person
    beyond those counted before."""
    if one_more(patient):
        return True
    words = [patient, *(c for c in patient.children if c.dep_ in {"amod", "nummod", "advmod"})]
    marked = any(w.lower_ in _PARTITION for w in words)
    definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in patient.children)
    return marked and definite


def _summable(claim: Claim) -> bool:
    count = claim.count
    return count.qualifier in _SUMMABLE and count.low is not None and count.low > 0


def _reflexive_of(trig: Trigger) -> set[int]:
    """The tokens the trigger's reflexive patients name ("killing herself": the bomber)."""
    found: set[int] = set()
    for patient in trig.patients:
        for token in (patient, *patient.conjuncts):
            antecedent = reflexive_antecedent(token)
            if antecedent is not None:
                found.add(antecedent.i)
    return found


def told_twice(found: Found) -> Found:
    """Drop a claim whose only patient another claim of its sentence names again through a
    reflexive pronoun ("One bomber detonated her belt, killing herself": one death, told
    twice); the claim that names her keeps the other's details. Only claims with a reflexive
    patient are compared with the others."""
    out = list(found)
    dropped: set[int] = set()
    for k, (trig, claim) in enumerate(found):
        named = _reflexive_of(trig)
        if not named:
            continue
        for m, (other, again) in enumerate(found):
            if m == k or m in dropped or again.kind != claim.kind or again.span != claim.span:
                continue
            if len(other.patients) == 1 and other.patients[0].i in named:
                dropped.add(m)
                out[k] = (out[k][0], merge_into(out[k][1], again))
    return [item for m, item in enumerate(out) if m not in dropped]


def join_parts(found: Found, text: str) -> Found:
    """Sum a claim set apart from those before it in its sentence ("the third militant")
    with the largest of them, into one claim (see the module doc)."""
    out: Found = []
    for trig, claim in found:
        parts = (
            [
                k
                for k, (_, c) in enumerate(out)
                if c.span == claim.span and c.kind == claim.kind and _summable(c)
            ]
            if trig.patients and _set_apart(trig.patients[0]) and _summable(claim)
            else []
        )
        if not parts:
            out.append((trig, claim))
            continue
        first = max(parts, key=lambda k: out[k][1].count.low or 0)
        out[first] = (out[first][0], _joined(out[first][1], claim, text))
        out = [item for k, item in enumerate(out) if k == first or k not in parts]
    return out


def _joined(first: Claim, part: Claim, text: str) -> Claim:
    spans = [c.count.span for c in (first, part) if c.count.span is not None]
    span = Span.of(text, min(s.start for s in spans), max(s.end for s in spans))
    count = sum_counts([first.count, part.count], span)
    merged = merge_into(first, part)
    return replace(merged, count=count, excluding_attackers=_joined_part(first, part, span))


def _joined_part(first: Claim, part: Claim, span: Span) -> Count | None:
    """The toll without attackers of the sum: each part's own, or its whole count when it
    counts no attacker; None when neither part counts one."""
    if first.excluding_attackers is None and part.excluding_attackers is None:
        return None
    own = [c.excluding_attackers or c.count for c in (first, part)]
    return sum_counts(own, span)
