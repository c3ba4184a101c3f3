"""Witness withholding: only a person's name is withheld, by position, once."""

from __future__ import annotations

import pytest

from harmledger.export.records import (
    WITHHELD,
    is_person_name,
    person_names,
    withhold_in,
    withhold_witness,
)
from harmledger.models import Actor, Attribution, Claim, Count, Span


@pytest.mark.parametrize(
    "text",
    [
        "residents",
        "Residents",
        "a local resident",
        "A local resident",
        "villagers",
        "witnesses",
        "Witnesses",
        "Kherson residents",
        "Alawite villagers",
        "the Red Cross",
        "The Red Cross",
        "a resident of Kherson",
        "a man from El Fasher",
        "North Darfur residents",
        "Syrian Observatory for Human Rights",
        "an eyewitness",
        "he",
        "She",
        "UN",
        "",
    ],
)
def test_places_groups_and_common_words_are_no_names(text: str) -> None:
    assert not is_person_name(text)
    assert person_names(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Halima Yakubu", ["Halima Yakubu"]),
        ("Samir Haidar, 67", ["Samir Haidar"]),
        ("Mr Samir Haidar", ["Samir Haidar"]),
        ("her neighbour Tarek Mansour", ["Tarek Mansour"]),
        ("Omar al Farouk, a teacher in Kherson", ["Omar al Farouk"]),
        ("Leyla Demir's brother", ["Leyla Demir"]),
        ("Nadia", ["Nadia"]),
    ],
)
def test_person_names_are_found(text: str, names: list[str]) -> None:
    assert is_person_name(text)
    assert person_names(text) == names


def test_withhold_in_replaces_overlapping_names_once() -> None:
    text = "Samir Haidar, 67, said witnesses and a witness saw it."
    got = withhold_in(text, ["Samir Haidar, 67", "Haidar, 67", "witnesses", "witness"])
    assert got == f"{WITHHELD}, said {WITHHELD} and a {WITHHELD} saw it."
    assert "[[" not in got and "withheld] withheld]" not in got
    assert withhold_in(got, ["witness", "withheld"]) == got  # a marker is withheld already


def test_withhold_in_by_position_and_whole_words() -> None:
    text = "Ana saw Anastasia near the Analysts' Club."
    assert withhold_in(text, ["Ana"]) == f"{WITHHELD} saw Anastasia near the Analysts' Club."
    assert withhold_in(text, [], [(8, 17)]) == f"Ana saw {WITHHELD} near the Analysts' Club."
    assert withhold_in(text, ["Al"]) == text  # names under three characters are not searched


TEXT = "Two men were killed in Kherson, residents said, and Halima Yakubu, 41, said she saw it."


def _sp(phrase: str) -> Span:
    start = TEXT.index(phrase)
    return Span.of(TEXT, start, start + len(phrase))


def _claim(source: str) -> Claim:
    return Claim(
        "killed",
        _sp(TEXT.rstrip(".")),
        _sp("killed"),
        Count(2, 2, 2, "exact", _sp("Two")),
        victims=(Actor(_sp("Two men"), civilian=True),),
        places=(_sp("Kherson"),),
        attribution=Attribution(_sp(source), "witness"),
    )


def test_a_witness_source_naming_no_one_is_kept() -> None:
    claim = _claim("residents")
    assert withhold_witness(claim) is claim


def test_a_witness_who_is_named_is_withheld_by_position() -> None:
    hidden = withhold_witness(_claim("Halima Yakubu, 41"))
    source = _sp("Halima Yakubu, 41")
    assert hidden.attribution is not None
    assert hidden.attribution.source == Span(source.start, source.end, WITHHELD)
    assert hidden.span.text == (
        f"Two men were killed in Kherson, residents said, and {WITHHELD}, said she saw it"
    )
    assert hidden.places == (_sp("Kherson"),) and hidden.victims == _claim("residents").victims
