"""The country of a claim, where the report names it outside the claim's sentence.

A claim's places are the place names of its own sentence ("killed in Tikrit"); the country
they lie in is often named once, elsewhere in the report ("... in Iraq"). Analysts and
exports want the whole hierarchy, so ``add_countries`` adds to each claim the document's first
mention of the country its places lie in (a name the gazetteer resolved to that country
itself), keeping that mention's span. Nothing is added where the report never names the
country, or where the claim has no resolved place. A name that only modifies a noun ("the
U.S. embassy"; the extract stage lists them) is no mention of the country.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from harmledger.models import Claim, PlaceMention, Span

#: UCDP ``where_prec`` of a place that is a whole country.
COUNTRY_PREC = 6


def country_mentions(
    places: Sequence[PlaceMention], modifiers: Collection[Span] = ()
) -> dict[str, Span]:
    """Country code -> the first mention (in text order) of that country as a whole; a
    mention in ``modifiers`` (it only modifies a noun: "the U.S. embassy") does not count."""
    found: dict[str, Span] = {}
    for place in sorted(places, key=lambda p: p.span.start):
        if place.where_prec != COUNTRY_PREC or not place.country:
            continue
        if place.span in modifiers:
            continue
        found.setdefault(place.country, place.span)
    return found


def add_countries(
    claims: Sequence[Claim], places: Sequence[PlaceMention], modifiers: Collection[Span] = ()
) -> tuple[Claim, ...]:
    """``claims`` with the named country of their places added to their places."""
    countries = country_mentions(places, frozenset(modifiers))
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
