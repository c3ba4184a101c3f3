"""The country of a claim's places, added from the report's own mention of it."""

from __future__ import annotations

from harmledger.extract.countries import add_countries, country_mentions
from harmledger.models import Claim, Count, PlaceMention, Span

TEXT = "Two farmers were killed in Usulutan on Monday. El Salvador and Honduras met. El Salvador"


def mention(name: str, country: str, where_prec: int, nth: int = 0) -> PlaceMention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(name, start + 1)
    return PlaceMention(
        Span.of(TEXT, start, start + len(name)), country=country, where_prec=where_prec
    )


USULUTAN = mention("Usulutan", "SV", 4)
SALVADOR = mention("El Salvador", "SV", 6)
SALVADOR_AGAIN = mention("El Salvador", "SV", 6, nth=1)
HONDURAS = mention("Honduras", "HN", 6)


def claim(*places: Span) -> Claim:
    return Claim(
        kind="killed",
        span=Span.of(TEXT, 0, 46),
        trigger=Span.of(TEXT, 17, 23),
        count=Count(2, 2, 2, "exact"),
        places=places,
    )


def test_first_mention_of_each_country() -> None:
    found = country_mentions([SALVADOR_AGAIN, HONDURAS, USULUTAN, SALVADOR])
    assert found == {"SV": SALVADOR.span, "HN": HONDURAS.span}


def test_country_of_the_town_is_added_with_its_span() -> None:
    (out,) = add_countries([claim(USULUTAN.span)], [USULUTAN, SALVADOR, HONDURAS])
    assert out.places == (USULUTAN.span, SALVADOR.span)
    assert TEXT[out.places[1].start : out.places[1].end] == "El Salvador"


def test_nothing_added_without_a_named_country_or_a_place() -> None:
    assert add_countries([claim(USULUTAN.span)], [USULUTAN, HONDURAS])[0].places == (USULUTAN.span,)
    assert add_countries([claim()], [USULUTAN, SALVADOR])[0].places == ()


def test_a_claim_naming_the_country_gets_no_second_mention() -> None:
    (out,) = add_countries([claim(SALVADOR_AGAIN.span)], [SALVADOR, SALVADOR_AGAIN])
    assert out.places == (SALVADOR_AGAIN.span,)
