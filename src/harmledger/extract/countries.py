"""The country of a claim, where the report names it outside the claim's sentence.

A claim's places are the place names of its own sentence ("killed in Tikrit"); the country
they lie in is often named once, elsewhere in the report ("... in Iraq"). Analysts and
exports want the whole hierarchy, so ``add_countries`` adds to each claim the document's first
mention of the country its places lie in (a name the gazetteer resolved to that country
itself), keeping that mention's span. Nothing is added where the report never names the
country, or where the claim has no resolved place.

``modifies_a_thing`` tells a place name that only says whose thing something is ("the U.S.
embassy", "Chicago police") from one that says where ("the Latakia countryside"): the first is
neither a claim's place nor the country's mention.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from harmledger.extract import rulebook as rb
from harmledger.extract.nlp import doc_text
from harmledger.models import Claim, PlaceMention, Span

#: UCDP ``where_prec`` of a place that is a whole country.
COUNTRY_PREC = 6


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


def country_mentions(places: Sequence[PlaceMention], doc: Doc | None = None) -> dict[str, Span]:
    """Country code -> the first mention (in text order) of that country as a whole; with the
    parse, a mention that only modifies a noun ("the U.S. embassy") does not count."""
    found: dict[str, Span] = {}
    for place in sorted(places, key=lambda p: p.span.start):
        if place.where_prec != COUNTRY_PREC or not place.country:
            continue
        if doc is not None and modifies_a_thing(_near(doc, place.span), place.span):
            continue
        found.setdefault(place.country, place.span)
    return found


def _near(doc: Doc, span: Span) -> list[Token]:
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    return list(tokens) if tokens is not None else []


def add_countries(
    claims: Sequence[Claim], places: Sequence[PlaceMention], doc: Doc | None = None
) -> tuple[Claim, ...]:
    """``claims`` with the named country of their places added to their places."""
    countries = country_mentions(places, doc)
    if not countries:
        return tuple(claims)
    by_span = {p.span: p for p in places}
    out: list[Claim] = []
    for claim in claims:
        own = [by_span[s] for s in claim.places if s in by_span]
        named = {p.country for p in own if p.where_prec == COUNTRY_PREC}
        codes = dict.fromkeys(p.country for p in own if p.country not in named)
        extra = tuple(countries[code] for code in codes if code in countries)
        out.append(replace(claim, places=claim.places + extra) if extra else claim)
    return tuple(out)
