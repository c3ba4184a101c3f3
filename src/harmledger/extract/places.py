"""Place-name mentions on the parse, before geocoding.

Three sources, longest match wins where they overlap:

- spaCy entities labelled GPE, LOC or FAC;
- the gazetteer's multi-word region and feature names ("Latakia mountains", "coastal
  regions"), matched case-insensitively with a ``PhraseMatcher``;
- other proper-noun entities (spaCy often calls a town PRODUCT or PERSON) that the gazetteer
  knows, when they follow a place preposition ("a resident of Baniyas").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from harmledger.extract.actors import is_locative_context
from harmledger.models import Span

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MAYBE_PLACE_LABELS = frozenset({"PRODUCT", "PERSON", "ORG", "WORK_OF_ART", "EVENT"})
_STRIP_WORDS = frozenset({"the"})


def build_matcher(nlp: Language, names: Iterable[str]) -> PhraseMatcher:
    """A case-insensitive matcher for the gazetteer's multi-word names."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns = [nlp.make_doc(name) for name in sorted(set(names)) if " " in name.strip()]
    if patterns:
        matcher.add("PLACE", patterns)
    return matcher


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end - 1 and doc[start].lower_ in _STRIP_WORDS:
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s"}):
        end -= 1
    return start, end


def _candidates(
    doc: Doc, matcher: PhraseMatcher | None, is_known_place: Callable[[str], bool]
) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in _PLACE_LABELS or (
            ent.label_ in _MAYBE_PLACE_LABELS
            and is_locative_context(ent.root)
            and is_known_place(ent.text)
        ):
            found.append(_trim(doc, ent.start, ent.end))
    if matcher is not None:
        found += [_trim(doc, s, e) for _, s, e in matcher(doc)]
    return found


def find_place_spans(
    doc: Doc,
    text: str,
    *,
    matcher: PhraseMatcher | None = None,
    is_known_place: Callable[[str], bool] = lambda _name: False,
) -> list[Span]:
    """Non-overlapping place mentions, longest first where they compete, in text order."""
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(
        _candidates(doc, matcher, is_known_place), key=lambda se: (se[0] - se[1], se[0])
    ):
        if any(start < e and s < end for s, e in chosen):
            continue
        if doc[start:end].text.strip() == "":
            continue
        chosen.append((start, end))
    spans = []
    for start, end in sorted(chosen):
        first, last = doc[start], doc[end - 1]
        spans.append(Span.of(text, first.idx, last.idx + len(last.text)))
    return spans


_EMBEDDING_LABELS = frozenset({"ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "FAC"})


def find_embedded_place_spans(
    doc: Doc, text: str, is_major_place: Callable[[str], bool], taken: Iterable[Span] = ()
) -> list[Span]:
    """Places named inside other names or as adjectives: "the Louisiana Purchase", "French".

    These are toponyms too (a geoparser reports them), but they say nothing about where harm
    happened, so the claim rules do not use them. The longest sub-phrase of at most three
    capitalised words that ``is_major_place`` accepts is taken, once per entity.
    """
    used = [(s.start, s.end) for s in taken]
    found: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in _EMBEDDING_LABELS:
            continue
        if any(ent.start_char < e and s < ent.end_char for s, e in used):
            continue
        sub = _major_subphrase(ent, is_major_place)
        if sub is not None:
            span = Span.of(text, sub[0].idx, sub[-1].idx + len(sub[-1].text))
            found.append(span)
            used.append((span.start, span.end))
    return sorted(found, key=lambda s: s.start)


def _major_subphrase(ent: SpacySpan, is_major_place: Callable[[str], bool]) -> SpacySpan | None:
    for size in (3, 2, 1):
        for i in range(len(ent) - size + 1):
            sub = ent[i : i + size]
            if all(t.is_title or t.is_upper for t in sub) and is_major_place(sub.text):
                return sub
    return None
