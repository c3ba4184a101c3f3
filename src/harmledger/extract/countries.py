"""Place names that only say whose thing something is, told from those that say where.

``modifies_a_thing`` tells a place name that only says whose thing something is ("the U.S.
embassy", "Chicago police") from one that says where ("the Latakia countryside"): the first is
neither a claim's place nor the country's mention. ``place_modifiers`` lists such names of a
document for the resolve stage, which adds each claim's country
(``harmledger.resolve.countries``).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from harmledger.extract import rulebook as rb
from harmledger.extract.nlp import doc_text
from harmledger.models import Span

#: Nouns a place name may modify and still say where: "the Latakia countryside".
_AREA_NOUNS = rb.words("area_nouns")


#: Direction nouns a possessive place names a part of: "Nigeria's northeast".
_PART_NOUNS = rb.words("part_nouns")


def modifies_a_thing(tokens: Iterable[Token], place: Span) -> bool:
    """Is the place name only a modifier of another noun ("the U.S. embassy", "U.S.
    citizens", "Chicago police"), which names whose thing it is, not where it happened?

    A possessive counts too when it owns a news outlet or a speaker ("Qatar's Al Jazeera",
    "Turkey's Anadolu agency", "Iran's IRNA news agency", "Iran's ministry said"), but not a
    place, a part of one or a local body ("Syria's Idlib province", "Nigeria's northeast",
    "Ghazni's provincial council": the harm may well be there)."""
    inside = _inside(tokens, place)
    if not inside:
        return False
    last = inside[-1]
    head = last.head
    if last.dep_ not in {"compound", "amod", "nmod", "poss"} or head.i <= last.i:
        return False
    if head.pos_ not in {"NOUN", "PROPN"} or head.lemma_.lower() in _AREA_NOUNS:
        return False
    if last.dep_ != "poss":
        return True
    return head.lemma_.lower() not in _PART_NOUNS and _outlet(head)


def _inside(tokens: Iterable[Token], place: Span) -> list[Token]:
    """The tokens of ``tokens`` that start inside ``place``. For a parsed sentence or Doc the
    tokens are looked up by offset, not scanned: a claim's sentence is searched once per place,
    and a scan would make a long sentence cost its length cubed."""
    if not isinstance(tokens, TokenSpan | Doc):
        return [t for t in tokens if place.start <= t.idx < place.end]
    doc = tokens if isinstance(tokens, Doc) else tokens.doc
    first, stop = (0, len(doc)) if isinstance(tokens, Doc) else (tokens.start, tokens.end)
    if not 0 <= place.start < place.end <= len(doc_text(doc)):
        return []
    found = doc.char_span(place.start, place.end, alignment_mode="expand")
    if found is None:
        return []
    return [t for t in found if place.start <= t.idx < place.end and first <= t.i < stop]


#: Words of a news outlet's name or description ("Anadolu agency", "state TV").
_OUTLET_WORDS = rb.words("outlet_words")
_SPEECH_LEMMAS = rb.words("speech_verbs_outlet")


def _outlet(head: Token) -> bool:
    """The owned thing is a news outlet, or speaks ("Iran's foreign ministry said")."""
    words = {head.lower_, *(t.lower_ for t in head.lefts)}
    if head.ent_type_ == "ORG":
        words |= {t.lower_ for t in head.doc[head.i : head.i + 4] if t.ent_type_ == "ORG"}
    speaks = head.dep_ == "nsubj" and head.head.lemma_ in _SPEECH_LEMMAS
    return bool(words & _OUTLET_WORDS) or speaks


def place_modifiers(doc: Doc, places: Iterable[Span]) -> tuple[Span, ...]:
    """The place names of ``places`` that only modify a noun (``modifies_a_thing``): never a
    claim's place nor the mention of a country."""
    return tuple(p for p in places if modifies_a_thing(_near(doc, p), p))


def _near(doc: Doc, span: Span) -> list[Token]:
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    return list(tokens) if tokens is not None else []
