"""Whether a claim is a toll over several places: decided from where its places lie.

The extract stage marks a claim an aggregate when its words say so ("the toll", "in
total"), when its date is a vague span or when it counts a running total. Whether the places
a claim names lie far apart ("in Homs and Aleppo") is known only once they are geocoded, so
the resolve stage adds that mark here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from harmledger.models import Claim, PlaceMention, Span
from harmledger.resolve.distance import great_circle_km

#: Two places of one claim farther apart than this are two places, not one.
NEAR_KM = 50.0


def _contains(area: PlaceMention, place: PlaceMention) -> bool:
    """True when ``area`` is a division or country that ``place`` lies in (by name)."""
    if area.country != place.country or (area.where_prec or 0) < 4:
        return False
    return (area.where_prec or 0) >= 6 or area.name in {place.admin1, place.admin2}


def spread(places: Sequence[PlaceMention]) -> bool:
    """Two or more places far apart and not one inside the other (a toll over several
    places: "in Homs and Aleppo"), rather than a town and its state ("Ferguson, Mo.")."""
    located = [p for p in places if p.lat is not None and p.lon is not None]
    for i, a in enumerate(located):
        for b in located[i + 1 :]:
            if _contains(a, b) or _contains(b, a) or a.name == b.name:
                continue
            if a.country != b.country or _km(a, b) > NEAR_KM:
                return True
    return False


def _km(a: PlaceMention, b: PlaceMention) -> float:
    return great_circle_km(a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0)


def mark_spread(
    claims: Sequence[Claim],
    places: Mapping[Span, PlaceMention],
    sentences: Sequence[Span],
    modifiers: Collection[Span] = (),
) -> tuple[Claim, ...]:
    """``claims``, each marked an aggregate when one sentence that states it names places far
    apart (its places looked up in ``places`` by span, grouped by the ``sentences`` they lie
    in). A claim that took a place from each of two sentences ("A man was shot in X. He died
    in Y.") is not spread for that, and a name in ``modifiers`` only says whose thing was hit
    ("the U.S. embassy"), not where."""
    starts = [s.start for s in sentences]
    out = []
    for claim in claims:
        groups: dict[int, list[PlaceMention]] = {}
        for span in claim.places:
            if span in places and span not in modifiers:
                groups.setdefault(bisect_right(starts, span.start), []).append(places[span])
        if not claim.is_aggregate and any(spread(g) for g in groups.values()):
            claim = replace(claim, is_aggregate=True)
        out.append(claim)
    return tuple(out)
