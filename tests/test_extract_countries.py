"""The country of a claim's places, added from the report's own mention of it."""

from __future__ import annotations

import pytest

from harmledger.extract.countries import add_countries, country_mentions, modifies_a_thing
from harmledger.extract.nlp import load_nlp
from harmledger.models import Claim, Count, PlaceMention, Span

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


def _place_in(text: str, name: str) -> tuple[list, Span]:  # type: ignore[type-arg]
    from harmledger.extract.nlp import load_nlp

    start = text.index(name)
    return list(load_nlp()(text)), Span.of(text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Rebels fired at the U.S. embassy in Lima.", "U.S.", True),
        ("Rebels fired at the U.S. embassy in Lima.", "Lima", False),
        ("Chicago police said two men were shot.", "Chicago", True),
        ("Two people were killed in the Latakia countryside.", "Latakia", False),
    ],
)
def test_modifier_places(text: str, name: str, expected: bool) -> None:
    assert modifies_a_thing(*_place_in(text, name)) is expected


@pytest.mark.parametrize(
    ("text", "country", "thing"),
    [
        ("Five people were killed in Idlib, Qatar's Al Jazeera reported.", "Qatar", True),
        ("Turkey's Anadolu agency said 12 people died in Afrin.", "Turkey", True),
        ("Iran's IRNA news agency said the blast killed 4 people.", "Iran", True),
        ("Gunmen killed 7 people in Syria's Idlib province.", "Syria", False),
        ("Gunmen killed 7 people in Nigeria's northeast.", "Nigeria", False),
        ("Strikes killed 9 civilians in Afghanistan's Helmand on Monday.", "Afghanistan", False),
    ],
)
def test_a_news_outlets_country_is_no_place_of_the_event(
    text: str, country: str, thing: bool
) -> None:
    doc = load_nlp()(text)
    start = text.index(country)
    assert modifies_a_thing(doc, Span.of(text, start, start + len(country))) is thing
