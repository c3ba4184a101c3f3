"""Candidate role fillers of one parsed document, pooled by normalised text.

A candidate mention is a noun chunk, a named entity (not a date, time or number), a place
mention of the extractor, or a filler the rules gave a role. Mentions are pooled per document by
their normalised text (``evaluate.roles.normalise``, the scorer's own), since the roles task
scores distinct normalised texts per document: one ``Candidate`` is one text with all its
mentions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from harmledger.evaluate.roles import ROLES, normalise
from harmledger.extract.nlp import doc_ents
from harmledger.extract.zeros import is_event_harm
from harmledger.models import Claim, Span

#: Entity labels that never fill a role.
_NOT_FILLERS = frozenset(
    {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "QUANTITY", "LANGUAGE"}
)
#: Pronouns and other words that alone are no filler.
_EMPTY_HEADS = frozenset(
    {"it", "he", "she", "they", "them", "him", "her", "we", "us", "i", "you", "who", "which",
     "that", "this", "these", "those", "one", "ones", "some", "all", "what", "itself",
     "themselves", "himself", "herself", "there", "others", "other"}
)  # fmt: skip
#: The longest mention considered, in tokens.
MAX_TOKENS = 12


@dataclass(frozen=True, slots=True)
class RuleFiller:
    """A role the rules gave a span in some claim."""

    role: str
    span: Span


@dataclass(slots=True)
class Candidate:
    """One normalised text of a document and its mentions (spaCy spans, text order)."""

    norm: str
    mentions: list[SpacySpan] = field(default_factory=list)
    rule_roles: set[str] = field(default_factory=set)  # roles the rules gave an exact mention
    near_roles: set[str] = field(default_factory=set)  # roles of rule fillers overlapping one
    is_place: bool = False


def rule_fillers(claims: Iterable[Claim]) -> list[RuleFiller]:
    """Every role filler of the event claims of harm (``zeros.is_event_harm``: those the
    eval export lists)."""
    found: list[RuleFiller] = []
    for claim in claims:
        if not is_event_harm(claim):
            continue
        found += [RuleFiller("perpetrators", a.span) for a in claim.perpetrators]
        found += [RuleFiller("victims", a.span) for a in claim.victims]
        found += [RuleFiller("targets", s) for s in claim.targets]
        found += [RuleFiller("places", s) for s in claim.places]
    return found


def _trimmed(span: SpacySpan, skip: Sequence[bool]) -> SpacySpan | None:
    """The span without leading/trailing punctuation and spaces (``skip``: per token, is it
    one of those); None if nothing is left or the rest is too long."""
    start, end = span.start, span.end
    while start < end and skip[start]:
        start += 1
    while end > start and skip[end - 1]:
        end -= 1
    if end <= start or end - start > MAX_TOKENS:
        return None
    return span.doc[start:end]


def _char_spans(doc: Doc, spans: Iterable[Span]) -> list[SpacySpan]:
    found = []
    for span in spans:
        got = doc.char_span(span.start, span.end, alignment_mode="expand")
        if got is not None and len(got):
            found.append(got)
    return found


def candidate_mentions(
    doc: Doc, rules: Sequence[RuleFiller], places: Sequence[Span]
) -> tuple[list[SpacySpan], dict[tuple[int, int], set[str]], set[tuple[int, int]]]:
    """Candidate mentions (trimmed, deduplicated by token offsets, in text order), the rules'
    roles by token offsets, and the token offsets of place mentions."""
    by_rule: dict[tuple[int, int], set[str]] = {}
    flags = doc.to_array([IS_PUNCT, IS_SPACE])
    skip: list[bool] = (flags.sum(axis=1) > 0).tolist() if len(doc) else []
    raw: list[SpacySpan] = list(doc.noun_chunks)
    raw += [e for e in doc_ents(doc) if e.label_ not in _NOT_FILLERS]
    place_spans = _char_spans(doc, places)
    raw += place_spans
    for filler in rules:
        for got in _char_spans(doc, [filler.span]):
            trimmed = _trimmed(got, skip)
            if trimmed is not None:
                by_rule.setdefault((trimmed.start, trimmed.end), set()).add(filler.role)
                raw.append(trimmed)
    seen: dict[tuple[int, int], SpacySpan] = {}
    for span in raw:
        trimmed = _trimmed(span, skip)
        if trimmed is not None and trimmed.root.lower_ not in _EMPTY_HEADS:
            seen.setdefault((trimmed.start, trimmed.end), trimmed)
    placed = {(s.start, s.end) for s in (_trimmed(p, skip) for p in place_spans) if s is not None}
    return [seen[k] for k in sorted(seen)], by_rule, placed


def candidates(doc: Doc, rules: Sequence[RuleFiller], places: Sequence[Span]) -> list[Candidate]:
    """The document's candidates, one per normalised text, in order of first mention."""
    mentions, by_rule, placed = candidate_mentions(doc, rules, places)
    pooled: dict[str, Candidate] = {}
    for span in mentions:
        norm = normalise(span.text)
        if not norm:
            continue
        cand = pooled.setdefault(norm, Candidate(norm))
        cand.mentions.append(span)
        cand.rule_roles |= by_rule.get((span.start, span.end), set())
        cand.near_roles |= {
            r
            for (s, e), roles in by_rule.items()
            if s < span.end and span.start < e and (s, e) != (span.start, span.end)
            for r in roles
        }
        cand.is_place = cand.is_place or (span.start, span.end) in placed
    return list(pooled.values())


def role_index(role: str) -> int:
    return ROLES.index(role)
