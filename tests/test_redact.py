"""harmledger.redact: private persons are found per document and withheld by position, once."""

from __future__ import annotations

import pytest

from harmledger.models import (
    Actor,
    Attribution,
    Claim,
    Count,
    Extraction,
    Incident,
    IncidentSource,
    Quote,
    Span,
)
from harmledger.redact import (
    MARK,
    claim_names,
    document_names,
    name_cuts,
    redact_incident,
    withhold,
    withhold_names,
)


def _names(text: str) -> list[str]:
    return [text[a:b] for a, b in name_cuts(text)]


@pytest.mark.parametrize(
    "text",
    ["residents", "Residents", "a local resident", "Kherson residents", "the Red Cross",
     "a resident of Kherson", "a man from El Fasher", "Syrian Observatory for Human Rights",
     "an eyewitness", "He", "UN", "on Tuesday", "Local farmer", ""],
)  # fmt: skip
def test_places_groups_and_common_words_are_no_names(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Halima Yakubu", ["Halima Yakubu"]),
        ("Samir Haidar, 67", ["Samir Haidar"]),
        ("Mr Samir Haidar", ["Samir Haidar"]),
        ("her neighbour Tarek Mansour", ["Tarek Mansour"]),
        ("Omar al Farouk, a teacher in Kherson", ["Omar al Farouk"]),
        ("Leyla Demir's brother", ["Leyla Demir"]),
        ("Farmer Ousmane Diakalo", ["Ousmane Diakalo"]),
        ("witness Halima Yakubu", ["Halima Yakubu"]),
    ],
)
def test_person_names_are_found(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_each_stretch_is_replaced_once_and_markers_never_nest() -> None:
    text = "Samir Haidar, 67, said Samir and Haidar saw it."
    got = withhold_names(text, ["Samir Haidar", "Samir", "Haidar"])
    assert got == f"{MARK}, 67, said {MARK} and {MARK} saw it."
    assert "[[" not in got and withhold_names(got, ["name", "withheld"]) == got
    assert withhold(text, [(0, 5), (3, 12)]) == f"{MARK}, 67, said Samir and Haidar saw it."
    assert withhold_names("Ana saw Anastasia.", ["Ana"]) == f"{MARK} saw Anastasia."


TEXT = (
    "Gunmen killed two men in Kherson on Monday, police spokesman Ivan Petrenko said. "
    "Musa Garbatu, whose son was killed, told AFP the attackers came at dawn. "
    "Garbatu said his cousin Idrissa Maganta was wounded."
)


def sp(phrase: str, text: str = TEXT) -> Span:
    start = text.index(phrase)
    return Span.of(text, start, start + len(phrase))


def extraction() -> Extraction:
    official = Claim("killed", sp("Gunmen killed two men in Kherson on Monday"), sp("killed"),
                     Count(2, 2, 2, "exact"), attribution=Attribution(sp("Ivan Petrenko"),
                     "official"))  # fmt: skip
    relative = Claim("killed", sp("whose son was killed"), sp("killed", TEXT[90:]),
                     Count(1, 1, 1, "exact"), victims=(Actor(sp("whose son")),),
                     attribution=Attribution(sp("Musa Garbatu"), "unknown"))  # fmt: skip
    quote = Quote(sp("the attackers came at dawn"), sp("told"), sp("Musa Garbatu"), False)
    return Extraction("d", (official, relative), (quote,))


def test_private_persons_and_their_repeats_are_withheld_officials_shown() -> None:
    names = document_names(TEXT, extraction())
    shown = withhold(TEXT, names.cuts)
    assert "Ivan Petrenko" in shown  # a police spokesman named in his role
    for hidden in ("Musa", "Garbatu", "Idrissa", "Maganta"):
        assert hidden not in shown
    assert f"{MARK}, whose son was killed, told AFP" in shown
    assert f"{MARK} said his cousin {MARK} was wounded." in shown


def test_a_person_entity_is_private_unless_public() -> None:
    text = "Ivan Petrenko said so. Later Oksana Bilyk arrived."
    official = Claim("killed", sp("Ivan Petrenko said so", text), sp("said", text),
                     Count(None, None, None, "unknown"),
                     attribution=Attribution(sp("Ivan Petrenko", text), "official"))  # fmt: skip
    persons = [(0, 13), (29, 41)]
    names = document_names(text, Extraction("d", (official,)), persons)
    assert withhold(text, names.cuts) == f"Ivan Petrenko said so. Later {MARK} arrived."


def test_spans_are_withheld_by_position_and_keep_their_offsets() -> None:
    names = document_names(TEXT, extraction())
    claim = names.claim(extraction().claims[1])
    assert claim.attribution is not None
    assert claim.attribution.source == Span(sp("Musa Garbatu").start, sp("Musa Garbatu").end, MARK)
    assert names.at(-1, "Musa Garbatu's home") == f"{MARK}'s home"  # not from the text
    assert names.url("https://x.example/news/musa-garbatu-speaks") == (
        f"https://x.example/news/{MARK}-{MARK}-speaks"
    )


def test_a_claim_alone_withholds_its_victims_and_private_source() -> None:
    text = "Halima Yakubu, 41, said Samir Haidar was killed."
    claim = Claim("killed", sp(text, text), sp("killed", text), Count(1, 1, 1, "exact"),
                  victims=(Actor(sp("Samir Haidar", text)),),
                  attribution=Attribution(sp("Halima Yakubu, 41", text), "witness"))  # fmt: skip
    hidden = claim_names(claim).claim(claim)
    assert hidden.span.text == f"{MARK}, 41, said {MARK} was killed."


def test_an_incident_withholds_private_sources_and_victims_only() -> None:
    inc = Incident(
        "inc-1", (), ("killed",), victims=("Samir Haidar",),
        sources=(IncidentSource("residents", "witness", "d", "s"),
                 IncidentSource("Leyla Demir, 38", "witness", "d", "s"),
                 IncidentSource("Ivan Petrenko", "official", "d", "s")),
        headline="Samir Haidar killed, Leyla Demir says",
    )  # fmt: skip
    shown = redact_incident(inc)
    assert [s.name for s in shown.sources] == ["residents", f"{MARK}, 38", "Ivan Petrenko"]
    assert shown.headline == f"{MARK} killed, {MARK} says" and shown.victims == (MARK,)
