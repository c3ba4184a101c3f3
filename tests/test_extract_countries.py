"""Place names that only modify a noun ("the U.S. embassy") told from those that say where."""

from __future__ import annotations

import pytest

from harmledger.extract.countries import modifies_a_thing, place_modifiers
from harmledger.extract.nlp import load_nlp
from harmledger.models import Span


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


def test_place_modifiers_lists_the_names_that_only_modify_a_noun() -> None:
    text = "Rebels fired at the U.S. embassy in Lima."
    spans = [Span.of(text, text.index(n), text.index(n) + len(n)) for n in ("U.S.", "Lima")]
    assert [s.text for s in place_modifiers(load_nlp()(text), spans)] == ["U.S."]
