"""A claim is a toll over several places when one sentence stating it names places far apart."""

from __future__ import annotations

from harmledger.models import Claim, Count, PlaceMention, Span
from harmledger.resolve.aggregates import mark_spread, spread

TEXT = "Shelling killed 9 in Homs and Aleppo. A man was shot in Homs. He died in Aleppo."


def at(name: str, lat: float, lon: float, nth: int = 0) -> PlaceMention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(name, start + 1)
    span = Span.of(TEXT, start, start + len(name))
    return PlaceMention(span, name=name, lat=lat, lon=lon, country="SY", where_prec=4)


HOMS, ALEPPO = at("Homs", 34.73, 36.71), at("Aleppo", 36.20, 37.16)
HOMS2, ALEPPO2 = at("Homs", 34.73, 36.71, nth=1), at("Aleppo", 36.20, 37.16, nth=1)
SENTENCES = tuple(Span.of(TEXT, a, b) for a, b in ((0, 37), (38, 61), (62, len(TEXT))))
PLACES = {p.span: p for p in (HOMS, ALEPPO, HOMS2, ALEPPO2)}


def claim(span: Span, *places: PlaceMention, aggregate: bool = False) -> Claim:
    return Claim(
        kind="killed",
        span=span,
        trigger=Span.of(TEXT, 9, 15),
        count=Count(9, 9, 9, "exact"),
        places=tuple(p.span for p in places),
        is_aggregate=aggregate,
    )


def test_two_cities_far_apart_are_spread_and_one_city_is_not() -> None:
    assert spread([HOMS, ALEPPO])
    assert not spread([HOMS])
    assert not spread([HOMS, HOMS2])  # the same name twice


def test_a_sentence_naming_far_apart_places_makes_an_aggregate() -> None:
    (out,) = mark_spread([claim(SENTENCES[0], HOMS, ALEPPO)], PLACES, SENTENCES)
    assert out.is_aggregate


def test_places_from_two_sentences_do_not_make_an_aggregate() -> None:
    (out,) = mark_spread([claim(SENTENCES[2], HOMS2, ALEPPO2)], PLACES, SENTENCES)
    assert not out.is_aggregate


def test_a_modifier_is_not_where_the_harm_happened() -> None:
    (out,) = mark_spread(
        [claim(SENTENCES[0], HOMS, ALEPPO)], PLACES, SENTENCES, modifiers={ALEPPO.span}
    )
    assert not out.is_aggregate


def test_an_aggregate_stays_one_and_unplaced_names_count_for_nothing() -> None:
    unplaced = {HOMS.span: HOMS, ALEPPO.span: PlaceMention(ALEPPO.span)}
    (out,) = mark_spread([claim(SENTENCES[0], HOMS, ALEPPO)], unplaced, SENTENCES)
    assert not out.is_aggregate
    (kept,) = mark_spread([claim(SENTENCES[1], HOMS2, aggregate=True)], PLACES, SENTENCES)
    assert kept.is_aggregate
