"""Tolls over a series of attacks become background totals, on hand-written reports."""

from __future__ import annotations

import pytest

from harmledger.extract.rules import RuleExtractor
from harmledger.extract.series import in_series, series_events, series_total
from harmledger.models import Document

SERIES_REPORT = (
    "Gunmen attacked a police post in Talvar, Kadesh. This was one of three related attacks "
    "on posts in the district that night. Seven officers were killed and two were wounded "
    "across the three attacks."
)


@pytest.mark.parametrize(
    ("sentence", "series", "expected"),
    [
        ("Seven officers were killed across the three attacks.", False, True),
        ("Five people were wounded across both blasts.", False, True),
        ("Nine died across all of the ensuing clashes.", False, True),
        ("Twelve were killed in the attacks combined.", False, True),
        ("Twelve were killed in the two bombings.", False, True),
        ("Four guards were killed in the ensuing clashes.", True, True),
        ("Four guards were killed in the ensuing clashes.", False, False),
        ("Ten people were injured in the blast.", True, False),
        ("Shops across the city closed after the attack killed four.", False, False),
        ("At least 41 people were killed in both blasts.", False, True),
        ("Eleven were wounded across the all of the later raids.", False, True),
        ("Three guards were hurt between this and another attack near Tarvo.", False, True),
        ("Six died across this raid and a second attack in the valley.", False, True),
        ("Four were killed in the blast, and both bombers died.", False, False),
    ],
)  # fmt: skip
def test_series_total(sentence: str, series: bool, expected: bool) -> None:
    assert series_total(sentence, series) is expected


def test_in_the_blasts_of_an_attack_of_several_charges_is_its_own_toll() -> None:
    sentence = "Five guards died in the blasts."
    before = "Two explosive devices detonated near the station in Korvel. "
    assert series_total(sentence, True, before) is False
    assert series_total(sentence, True, "A bomb detonated near the station in Korvel. ")
    assert series_total("Three were killed across both blasts.", True, before)


def test_in_series() -> None:
    assert in_series("This was one of three related attacks in the area.")
    assert in_series("It was one of at least four coordinated assaults.")
    assert not in_series("One of the guards was killed.")


def test_a_series_total_is_cumulative_and_dates_no_incident() -> None:
    doc = Document("s1", "test", "text", SERIES_REPORT, published="2025-03-04")
    claims = RuleExtractor().extract(doc).claims
    tolls = [c for c in claims if c.kind in {"killed", "injured"}]
    assert tolls and all(c.cumulative and c.date is None for c in tolls)
    assert all(c.period is not None and c.period.end == "2025-03-04" for c in tolls)


def test_a_toll_of_the_reports_own_attack_stays_an_incident_toll() -> None:
    text = (
        "A grenade exploded in a market in Talvar, Kadesh. Six people were injured in the blast. "
        "This was one of two grenade attacks in the town that day."
    )
    claims = RuleExtractor().extract(Document("s2", "test", "text", text)).claims
    injured = [c for c in claims if c.kind == "injured"]
    assert [(c.count.best, c.cumulative) for c in injured] == [(6, False)]


def test_a_series_totals_period_is_its_own_date_not_the_publication() -> None:
    dated = "across the three attacks on Tuesday."
    text = SERIES_REPORT.replace("across the three attacks.", dated)
    doc = Document("s3", "test", "text", text, published="2025-03-07")  # a Friday
    claims = RuleExtractor().extract(doc).claims
    tolls = [c for c in claims if c.kind == "killed"]
    assert tolls and all(c.period is not None for c in tolls)
    assert [(c.period.start, c.period.end) for c in tolls if c.period] == [
        ("2025-03-04", "2025-03-04")
    ]


@pytest.mark.parametrize(
    ("sentence", "text", "expected"),
    [
        ("Seven officers were killed across the three attacks.", "", 3),
        ("Five people were wounded across both blasts.", "", 2),
        ("Nine died across two of the events.", "This was one of three attacks.", 2),
        ("Four guards were killed in the ensuing clashes.",
         "This was one of at least four related attacks.", 4),
        ("Nine died across all of the ensuing clashes.", "", 0),
        ("Nine died in the ensuing clashes.", "It was one of several related attacks.", 0),
    ],
)  # fmt: skip
def test_series_events(sentence: str, text: str, expected: int) -> None:
    assert series_events(sentence, text + " " + sentence) == expected


def test_a_series_total_keeps_how_many_attacks_it_spans() -> None:
    doc = Document("s4", "test", "text", SERIES_REPORT, published="2025-03-04")
    claims = RuleExtractor().extract(doc).claims
    assert {c.series_events for c in claims if c.kind in {"killed", "injured"}} == {3}
    assert all(c.series_events is None for c in claims if c.kind == "attacked")
