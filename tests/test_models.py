"""Record types: spans slice exactly, removed-span overlap, dict export, immutability."""

from __future__ import annotations

import dataclasses
from typing import Any, get_args

import pytest

from harmledger import models
from harmledger.models import (
    HARM_KINDS,
    Actor,
    Attribution,
    Claim,
    Count,
    DateInterval,
    Document,
    Extraction,
    IngestReport,
    PlaceMention,
    Quote,
    RawDocument,
    Rejection,
    RemovedSpan,
    Span,
    to_dict,
)

TEXT = "Gunmen killed 12 villagers near the river on Tuesday."


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 6, "Gunmen"),
        (7, 13, "killed"),
        (14, 16, "12"),
        (14, 26, "12 villagers"),
        (len(TEXT) - 1, len(TEXT), "."),
        (5, 5, ""),
    ],
)
def test_span_of_slices_exactly(start: int, end: int, expected: str) -> None:
    span = Span.of(TEXT, start, end)
    assert (span.start, span.end, span.text) == (start, end, expected)
    assert TEXT[span.start : span.end] == span.text


def test_span_as_dict() -> None:
    assert Span.of(TEXT, 7, 13).as_dict() == {"text": "killed", "start": 7, "end": 13}


def _doc(*removed: tuple[int, int]) -> Document:
    spans = tuple(RemovedSpan(s, e, "counter") for s, e in removed)
    return Document("h", "t.txt", "text", "x" * 100, removed_spans=spans)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (10, 20, True),  # the removed span itself
        (12, 15, True),  # inside
        (5, 11, True),  # overlaps the left edge by one char
        (19, 25, True),  # overlaps the right edge by one char
        (0, 50, True),  # contains it
        (0, 10, False),  # ends where it starts: touching, no overlap
        (20, 30, False),  # starts where it ends: touching, no overlap
        (0, 5, False),
        (60, 70, False),
    ],
)
def test_is_removed_overlap(start: int, end: int, expected: bool) -> None:
    assert _doc((10, 20)).is_removed(start, end) is expected


def test_is_removed_without_removed_spans() -> None:
    assert _doc().is_removed(0, 100) is False


def test_is_removed_checks_every_span() -> None:
    doc = _doc((0, 2), (50, 60))
    assert doc.is_removed(55, 56)
    assert not doc.is_removed(2, 50)


def _span(start: int, end: int) -> Span:
    return Span.of(TEXT, start, end)


COUNT = Count(12, 12, 12, "exact", _span(14, 16))
CLAIM = Claim(
    kind="killed",
    span=_span(0, len(TEXT)),
    trigger=_span(7, 13),
    count=COUNT,
    victims=(Actor(_span(17, 26), civilian=True),),
    perpetrators=(Actor(_span(0, 6), certainty="alleged"),),
    places=(_span(36, 41),),
    date=DateInterval("2025-03-04", "2025-03-04", 1, _span(45, 52)),
    attribution=Attribution(_span(0, 6), "witness", relay=(_span(36, 41),)),
    extractor="x.v1",
)
QUOTE = Quote(_span(0, 13), cue=None, speaker=_span(17, 26), direct=True)

RECORDS: list[Any] = [
    _span(0, 6),
    RawDocument("a.txt", "body", "text", content_hash="abc"),
    RemovedSpan(1, 2, "counter", "0"),
    _doc((10, 20)),
    COUNT,
    Actor(_span(0, 6), group="Alawite", civilian=True),
    DateInterval(None, None, None),
    Attribution(_span(0, 6)),
    PlaceMention(_span(36, 41), geonameid=1, lat=1.5, lon=2.5),
    CLAIM,
    QUOTE,
    Extraction("h", claims=(CLAIM,), quotes=(QUOTE,)),
    Rejection("a.txt", "ingest", "EmptyInputError", "empty; add text"),
    IngestReport(stored=1, rejections=[Rejection("b", "clean", "CleanError", "m")]),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_to_dict_keys_are_field_names(record: Any) -> None:
    data = to_dict(record)
    assert list(data) == [f.name for f in dataclasses.fields(record)]


@pytest.mark.parametrize(
    "record",
    [
        _span(3, 9),
        RawDocument("a.txt", "body", "html", external_id="7", content_hash="abc"),
        RemovedSpan(1, 2, "counter", "0"),
        Rejection("a.txt", "ingest", "EmptyInputError", "empty; add text", "ff"),
        DateInterval("2025-01-01", "2025-01-31", 4),
        Count(None, None, 80, "up_to"),
    ],
    ids=lambda r: type(r).__name__,
)
def test_to_dict_round_trips_flat_records(record: Any) -> None:
    assert type(record)(**to_dict(record)) == record


def test_to_dict_nests_spans_and_tuples() -> None:
    data = to_dict(CLAIM)
    assert data["trigger"] == {"start": 7, "end": 13, "text": "killed"}
    assert data["count"]["span"] == {"start": 14, "end": 16, "text": "12"}
    assert data["victims"][0]["span"]["text"] == "villagers"
    assert data["attribution"]["relay"][0]["text"] == "river"
    rebuilt = Claim(
        **{
            **data,
            "span": Span(**data["span"]),
            "trigger": Span(**data["trigger"]),
            "count": Count(**{**data["count"], "span": Span(**data["count"]["span"])}),
            "victims": CLAIM.victims,
            "perpetrators": CLAIM.perpetrators,
            "places": tuple(Span(**p) for p in data["places"]),
            "date": CLAIM.date,
            "attribution": CLAIM.attribution,
        }
    )
    assert rebuilt == CLAIM


FROZEN = [r for r in RECORDS if not isinstance(r, IngestReport)]


@pytest.mark.parametrize("record", FROZEN, ids=lambda r: type(r).__name__)
def test_frozen_records_refuse_assignment(record: Any) -> None:
    name = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, name, None)


@pytest.mark.parametrize("record", FROZEN, ids=lambda r: type(r).__name__)
def test_slotted_records_refuse_new_attributes(record: Any) -> None:
    with pytest.raises((AttributeError, TypeError)):
        record.not_a_field = 1


def test_ingest_report_is_mutable_with_fresh_lists() -> None:
    a, b = IngestReport(), IngestReport()
    a.stored += 1
    a.rejections.append(Rejection("x", "ingest", "E", "m"))
    assert (a.stored, len(a.rejections)) == (1, 1)
    assert b.rejections == []


def test_harm_kinds_match_literal() -> None:
    assert set(HARM_KINDS) == set(get_args(models.HarmKind))
    assert len(set(HARM_KINDS)) == len(HARM_KINDS)


def test_a_rejection_of_an_exception_is_one_line() -> None:
    from harmledger.models import Rejection

    rej = Rejection.of("a.txt", "clean", ValueError("no text\n  left; remove it"), "h")
    assert (rej.stage, rej.error, rej.message, rej.content_hash) == (
        "clean",
        "ValueError",
        "no text left; remove it",
        "h",
    )
    assert Rejection.of("b", "store", KeyError()).message == "KeyError"
