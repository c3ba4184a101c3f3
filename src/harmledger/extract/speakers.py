"""Who said it: the speaker phrase of a reporting verb, its parts, and pronoun antecedents.

Everything here works on a parsed spaCy ``Doc`` and returns character offsets ``(start, end)``
into ``doc.text``; :mod:`harmledger.extract.quotes` turns them into ``Span`` records.

A speaker phrase such as "A resident of Baniyas, Samir Haidar, 67" is split into the name
("Samir Haidar"), a role ("resident of Baniyas"), an affiliation ("of the X think tank" after a
name) and an age ("67", "67-year-old"). A pronoun speaker ("he", "it") is resolved to the most
recent compatible named speaker or PERSON/ORG subject before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

Offsets = tuple[int, int]

# Pronoun -> the kind of antecedent it can refer to.
PRONOUN_KINDS: dict[str, str] = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "it": "org",
    "they": "group",
    "we": "group",
}
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_NAME_LABELS = ("PERSON", "ORG")
_GROUP_LABELS = ("ORG", "NORP", "GPE")
_AFFILIATION_PREPS = ("of", "from", "at", "with")
_AGE = re.compile(r"\d{1,3}")
_YEAR_OLD = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b")
_STRIP = " ,;:()-–—\n\t"


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    """A speaker phrase split into parts (character offsets into ``doc.text``)."""

    speaker: Offsets
    name: Offsets | None = None
    role: Offsets | None = None
    affiliation: Offsets | None = None
    age: Offsets | None = None
    kind: str = "other"  # "person", "org", "group", "pronoun" or "other"


def subject_of(verb: Token) -> Token | None:
    """The subject of a reporting verb, following conjunctions and participles upwards."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child
        agent = _passive_agent(current)
        if agent is not None:
            return agent
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return current.head
        if current.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or current.head.i == current.i:
            return None
        current = current.head
    return None


def _passive_agent(verb: Token) -> Token | None:
    """The ``by X`` object of a passive verb, if any."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _trim(doc: Doc, start: int, end: int) -> Offsets | None:
    """Offsets with punctuation, spaces and a leading article removed; None when empty."""
    text = doc.text
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    match = re.match(r"(?i)(the|a|an)\s+", text[start:end])
    if match and match.end() < end - start:
        start += match.end()
    return (start, end) if start < end else None


def phrase_bounds(head: Token, stop: Token | None = None) -> tuple[int, int]:
    """Token bounds [i, j) of the noun phrase headed by ``head`` without relative clauses."""
    left, right = head.i, head.i + 1
    for token in head.subtree:
        if stop is not None and token.i >= stop.i > head.i:
            break
        if any(a.dep_ in ("relcl", "acl", "ccomp", "advcl") and a.i > head.i
               for a in _ancestors_until(token, head)):
            continue
        left, right = min(left, token.i), max(right, token.i + 1)
    doc = head.doc
    while right - 1 > head.i and doc[right - 1].is_punct:
        right -= 1
    return left, right


def _ancestors_until(token: Token, head: Token) -> list[Token]:
    """The tokens from ``token`` up to (not including) ``head``."""
    chain: list[Token] = []
    while token.i != head.i and token.head.i != token.i:
        chain.append(token)
        token = token.head
    return chain


def _name_entity(head: Token, bounds: tuple[int, int]) -> Span | None:
    """The PERSON/ORG entity that names the phrase: the head itself, or an apposition."""
    doc = head.doc
    ents = [e for e in doc.ents if e.label_ in _NAME_LABELS and bounds[0] <= e.start
            and e.end <= bounds[1]]
    for ent in ents:
        if ent.start <= head.i < ent.end:
            return ent
    for ent in ents:
        root = ent.root
        before = doc[ent.start - 1] if ent.start > bounds[0] else None
        if root.dep_ == "appos" or (before is not None and before.text == ","):
            return ent
    persons = [e for e in ents if e.label_ == "PERSON" and e.root.dep_ in ("compound", "appos")]
    return persons[0] if persons else None


def describe_speaker(head: Token, stop: Token | None = None) -> SpeakerInfo:
    """Split the phrase headed by ``head`` into speaker name, role, affiliation and age."""
    doc = head.doc
    if head.pos_ == "PRON":
        return SpeakerInfo((head.idx, head.idx + len(head.text)), kind="pronoun")
    bounds = phrase_bounds(head, stop)
    ent = _name_entity(head, bounds)
    if ent is None:
        span = _trim(doc, doc[bounds[0]].idx, _end_char(doc, bounds[1]))
        start, end = span or (head.idx, head.idx + len(head.text))
        kind = "group" if head.tag_ in ("NNS", "NNPS") or head.ent_type_ in _GROUP_LABELS else "other"
        return SpeakerInfo((start, end), kind=kind, age=_year_old(doc, start, end))
    name = (ent.start_char, ent.end_char)
    name = _trim(doc, *name) or name
    role, affiliation = _role_and_affiliation(doc, bounds, ent)
    age = _age_after(doc, ent, bounds) or _year_old(doc, doc[bounds[0]].idx, ent.start_char)
    kind = "person" if ent.label_ == "PERSON" else "org"
    return SpeakerInfo(name, name, role, affiliation, age, kind)


def _end_char(doc: Doc, token_end: int) -> int:
    """The character end of token ``token_end - 1``."""
    last = doc[token_end - 1]
    return last.idx + len(last.text)


def _role_and_affiliation(
    doc: Doc, bounds: tuple[int, int], ent: Span
) -> tuple[Offsets | None, Offsets | None]:
    """The role words around the name, and an ``of/from/at X`` affiliation after it."""
    role = None
    before = [t for t in doc[bounds[0] : ent.start] if not t.is_space]
    if any(t.pos_ in ("NOUN", "PROPN") for t in before):
        role = _trim(doc, before[0].idx, ent.start_char)
    after = [t for t in doc[ent.end : bounds[1]]]
    affiliation = None
    if after and after[0].lower_ in _AFFILIATION_PREPS:
        end = _clause_end(after)
        affiliation = _trim(doc, after[0].idx + len(after[0].text), end)
    elif len(after) > 1 and after[0].text == "," and role is None:
        rest = [t for t in after[1:] if not (t.like_num and _is_age(t))]
        if rest and any(t.pos_ == "NOUN" for t in rest):
            role = _trim(doc, rest[0].idx, _clause_end(rest))
    return role, affiliation


def _clause_end(tokens: list[Token]) -> int:
    """The character end of a run of tokens, stopping at the first comma."""
    end = tokens[0].idx + len(tokens[0].text)
    for token in tokens:
        if token.text in (",", ";", "(", "—", "–"):
            break
        end = token.idx + len(token.text)
    return end


def _is_age(token: Token) -> bool:
    """True for a 1-3 digit number between 1 and 120."""
    return bool(_AGE.fullmatch(token.text)) and 0 < int(token.text) <= 120


def _age_after(doc: Doc, ent: Span, bounds: tuple[int, int]) -> Offsets | None:
    """``Name, 67`` or ``Name (67)``: the age number right after the name."""
    window = doc[ent.end : min(bounds[1] + 2, ent.end + 3, len(doc))]
    tokens = [t for t in window if t.text not in (",", "(")]
    if tokens and _is_age(tokens[0]) and tokens[0].i <= ent.end + 1:
        return tokens[0].idx, tokens[0].idx + len(tokens[0].text)
    return None


def _year_old(doc: Doc, start: int, end: int) -> Offsets | None:
    """The number of a ``67-year-old`` in ``doc.text[start:end]``."""
    match = _YEAR_OLD.search(doc.text, start, end)
    return (match.start(1), match.end(1)) if match else None


@dataclass(frozen=True, slots=True)
class Antecedent:
    """A named mention a later pronoun may refer to."""

    position: int  # character offset
    kind: str  # "person" or "org"
    name: Offsets


def subject_antecedents(doc: Doc) -> list[Antecedent]:
    """PERSON and ORG entities that are subjects of a clause, in text order."""
    found: list[Antecedent] = []
    for ent in doc.ents:
        if ent.label_ in _NAME_LABELS and ent.root.dep_ in _SUBJECT_DEPS:
            kind = "person" if ent.label_ == "PERSON" else "org"
            offsets = _trim(doc, ent.start_char, ent.end_char)
            if offsets:
                found.append(Antecedent(ent.start_char, kind, offsets))
    return found


def resolve_pronoun(pronoun: str, position: int, candidates: list[Antecedent]) -> Offsets | None:
    """The most recent candidate before ``position`` that the pronoun can refer to."""
    wanted = PRONOUN_KINDS.get(pronoun.lower())
    if wanted is None:
        return None
    accept = {"person": ("person",), "org": ("org",), "group": ("org", "group")}[wanted]
    best: Antecedent | None = None
    for candidate in candidates:
        if candidate.position < position and candidate.kind in accept and (
            best is None or candidate.position > best.position
        ):
            best = candidate
    return best.name if best else None


def relay_of(verb: Token) -> Offsets | None:
    """The outlet a statement was made to: ``told AFP``, ``said to Reuters``, ``told CNN's X``."""
    for child in verb.children:
        target = child
        if child.dep_ == "prep" and child.lower_ in ("to", "with"):
            target = next((c for c in child.children if c.dep_ == "pobj"), child)
        elif child.dep_ not in ("dobj", "dative"):
            continue
        for token in target.subtree:
            if token.ent_type_ in ("ORG", "WORK_OF_ART") and token.ent_iob_ == "B":
                ent = next(e for e in verb.doc.ents if e.start == token.i)
                return _trim(verb.doc, ent.start_char, ent.end_char)
    return None
