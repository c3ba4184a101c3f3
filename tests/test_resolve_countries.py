"""The country of a claim's places, added from the report's own mention of it (resolve stage)."""

from __future__ import annotations

from harmledger.models import Claim, Count, PlaceMention, Span
from harmledger.resolve.countries import add_countries, country_mentions

TEXT = "Two farmers were killed in Tikrit on Monday. Iraq and Syria met. Iraq"


def mention(name: str, country: str, where_prec: int, nth: int = 0) -> PlaceMention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(name, start + 1)
    return PlaceMention(
        Span.of(TEXT, start, start + len(name)), country=country, where_prec=where_prec
    )


TIKRIT = mention("Tikrit", "IQ", 4)
IRAQ = mention("Iraq", "IQ", 6)
IRAQ_AGAIN = mention("Iraq", "IQ", 6, nth=1)
SYRIA = mention("Syria", "SY", 6)


def claim(*places: Span) -> Claim:
    return Claim(
        kind="killed",
        span=Span.of(TEXT, 0, TEXT.index(".") + 1),
        trigger=Span.of(TEXT, 17, 23),
        count=Count(2, 2, 2, "exact"),
        places=places,
    )


def test_first_mention_of_each_country() -> None:
    found = country_mentions([IRAQ_AGAIN, SYRIA, TIKRIT, IRAQ])
    assert found == {"IQ": IRAQ.span, "SY": SYRIA.span}


def test_country_of_the_town_is_added_with_its_span() -> None:
    (out,) = add_countries([claim(TIKRIT.span)], [TIKRIT, IRAQ, SYRIA])
    assert out.places == (TIKRIT.span, IRAQ.span)
    assert TEXT[out.places[1].start : out.places[1].end] == "Iraq"


def test_nothing_added_without_a_named_country_or_a_place() -> None:
    assert add_countries([claim(TIKRIT.span)], [TIKRIT, SYRIA])[0].places == (TIKRIT.span,)
    assert add_countries([claim()], [TIKRIT, IRAQ])[0].places == ()


def test_a_claim_naming_the_country_gets_no_second_mention() -> None:
    (out,) = add_countries([claim(IRAQ_AGAIN.span)], [IRAQ, IRAQ_AGAIN])
    assert out.places == (IRAQ_AGAIN.span,)


def test_a_country_name_that_only_modifies_a_noun_is_no_mention_of_it() -> None:
    found = country_mentions([IRAQ_AGAIN, IRAQ], modifiers={IRAQ.span})
    assert found == {"IQ": IRAQ_AGAIN.span}
    (out,) = add_countries([claim(TIKRIT.span)], [TIKRIT, IRAQ], modifiers={IRAQ.span})
    assert out.places == (TIKRIT.span,)
