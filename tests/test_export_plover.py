"""PLOVER JSON Lines export of incidents."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from harmledger.export.plover import event_coding, export_plover, perpetrator_sector
from harmledger.export.records import WITHHELD
from harmledger.models import Incident
from test_export_incident_common import VICTIM, WITNESS, make_incident

FIELDS = {
    "id",
    "date",
    "enddate",
    "date_prec",
    "event_type",
    "event",
    "quad_code",
    "kinds",
    "actor",
    "recipient",
    "civilian_targeting",
    "location",
    "fatalities",
    "injuries",
    "estimates",
    "sources",
    "number_of_sources",
    "independent_sources",
    "grade",
    "parent",
    "headline",
    "notes",
}


def _export(incidents: list[Incident], **kw: Any) -> tuple[int, str, list[dict[str, Any]]]:
    out = io.StringIO()
    n = export_plover(incidents, out, **kw)
    text = out.getvalue()
    return n, text, [json.loads(line) for line in text.splitlines()]


def test_lines_parse_with_documented_fields() -> None:
    n, text, records = _export([make_incident(), make_incident(id="inc-0002")])
    assert n == len(records) == 2 == text.count("\n")
    record = records[0]
    assert set(record) == FIELDS  # killed/injured imply no mode or context
    assert list(record) == sorted(record)
    assert (record["id"], record["date"], record["enddate"]) == (
        "inc-0001",
        "2025-03-06",
        "2025-03-06",
    )
    assert (record["event_type"], record["event"], record["quad_code"]) == (
        "ASSAULT",
        ["ASSAULT"],
        4,
    )
    assert (record["fatalities"], record["injuries"]) == (12, 5)
    assert record["estimates"]["killed"] == {"low": 12, "best": 15, "high": 20, "conservative": 12}


def test_actor_and_civilian_recipient() -> None:
    _, _, (record,) = _export([make_incident()])
    assert record["actor"] == [
        {"actor_text": "government forces", "sector": "MIL"},
        {"actor_text": "pro-government militia", "sector": "PRM"},
    ]
    assert record["recipient"] == [{"actor_text": "Civilians", "sector": "CVL", "code": "SYR"}]
    _, _, (other,) = _export([make_incident(civilian_targeting=False)])
    assert other["recipient"] == []


def test_location_object() -> None:
    _, _, (record,) = _export([make_incident()])
    assert record["location"] == {
        "name": "Baniyas",
        "country": "SY",
        "cc3": "SYR",
        "admin1": "Tartus",
        "admin2": "Baniyas District",
        "lat": 35.18233,
        "lon": 35.94015,
        "geonameid": 173811,
        "geo_precision": 1,
        "where_prec": 1,
    }
    _, _, (placeless,) = _export([make_incident(place=None)])
    assert placeless["location"] is None


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (("killed", "injured"), (["ASSAULT"], [], [])),
        (("abducted",), (["ASSAULT"], ["abduct"], [])),
        (("detained", "property"), (["ASSAULT", "COERCE"], ["destroy", "arrest"], [])),
        (("displaced",), (["COERCE"], [], ["migration"])),
    ],
)
def test_event_coding(kinds: tuple[str, ...], expected: tuple[list[str], ...]) -> None:
    assert event_coding(kinds) == expected


def test_mode_only_when_known() -> None:
    _, _, (record,) = _export([make_incident(kinds=("detained",))])
    assert (record["event_type"], record["mode"]) == ("COERCE", ["arrest"])
    assert "context" not in record
    _, _, (killing,) = _export([make_incident()])
    assert "mode" not in killing


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("the Syrian army", "MIL"),
        ("government forces", "MIL"),
        ("the Assad regime", "GOV"),
        ("pro-government forces", "PRM"),
        ("General Security", "MIL"),
        ("police", "COP"),
        ("armed men", "UAF"),
        ("rebels", "REB"),
        ("Hayat Tahrir al-Sham", None),
    ],
)
def test_perpetrator_sector(text: str, sector: str | None) -> None:
    assert perpetrator_sector(text) == sector


def test_witness_withheld_by_default_and_shown_on_request() -> None:
    _, text, (record,) = _export([make_incident()])
    assert [s["name"] for s in record["sources"]][-1] == WITHHELD
    assert WITNESS not in text
    _, text, (record,) = _export([make_incident()], include_names=True)
    assert record["sources"][-1]["name"] == WITNESS


def test_victim_texts_only_with_include_names() -> None:
    _, text, (record,) = _export([make_incident()])
    assert VICTIM not in text and "victims" not in record
    _, _, (named,) = _export([make_incident()], include_names=True)
    assert named["victims"] == [VICTIM, "12 civilians"]


def test_child_incident_carries_parent() -> None:
    _, _, (record,) = _export([make_incident(id="inc-0002", parent="inc-0001")])
    assert record["parent"] == "inc-0001"
