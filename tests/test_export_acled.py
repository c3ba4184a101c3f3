"""ACLED-style CSV export of incidents."""

from __future__ import annotations

import csv
import io
from typing import Any

from harmledger.export.acled import COLUMNS, export_acled
from harmledger.export.records import WITHHELD
from harmledger.models import DateInterval, Estimate, Incident
from test_export_incident_common import MONITOR, VICTIM, WITNESS, make_incident, make_place


def _export(incidents: list[Incident], **kw: Any) -> tuple[int, str, list[dict[str, str]]]:
    out = io.StringIO()
    n = export_acled(incidents, out, **kw)
    text = out.getvalue()
    return n, text, list(csv.DictReader(io.StringIO(text)))


def test_columns_in_order() -> None:
    n, text, rows = _export([make_incident(), make_incident(id="inc-0002")])
    assert n == len(rows) == 2
    assert tuple(next(csv.reader(io.StringIO(text)))) == COLUMNS
    assert COLUMNS[:3] == ("event_id_cnty", "event_date", "year")
    assert COLUMNS[-4:] == ("parent_id", "grade", "number_of_sources", "independent_sources")
    assert [r["event_id_cnty"] for r in rows] == ["inc-0001", "inc-0002"]


def test_civilian_targeting_row() -> None:
    _, _, (row,) = _export([make_incident()])
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2025-03-06", "2025", "1")
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert row["actor1"] == "government forces"
    assert row["assoc_actor_1"] == "pro-government militia"
    assert row["actor2"] == "Civilians (Syria)"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["country"], row["admin1"], row["admin2"], row["admin3"]) == (
        "Syria",
        "Tartus",
        "Baniyas District",
        "",
    )
    assert (row["location"], row["latitude"], row["longitude"]) == (
        "Baniyas",
        "35.18233",
        "35.94015",
    )
    assert row["geo_precision"] == "1"
    assert row["source_scale"] == "Local-National"
    assert (row["grade"], row["number_of_sources"], row["independent_sources"]) == (
        "corroborated",
        "3",
        "2",
    )


def test_fatalities_is_the_conservative_figure() -> None:
    _, _, (row,) = _export([make_incident()])
    assert row["fatalities"] == "12"  # not best (15) nor high (20)


def test_fatalities_empty_when_no_killed_estimate() -> None:
    injured_only = make_incident(
        kinds=("injured",), estimates=(Estimate("injured", 5, 7, None, 5, "m"),)
    )
    _, _, (row,) = _export([injured_only])
    assert row["fatalities"] == ""


def test_unknowns_are_empty_not_guessed() -> None:
    incident = make_incident(
        date=DateInterval("2025-03-01", "2025-03-31", 4),
        civilian_targeting=None,
        perpetrators=(),
        place=None,
    )
    _, _, (row,) = _export([incident])
    assert row["time_precision"] == "3"
    assert (row["event_type"], row["sub_event_type"], row["actor2"]) == ("", "", "")
    assert row["actor1"] == "Unidentified Armed Group"
    assert (row["country"], row["latitude"], row["civilian_targeting"]) == ("", "", "")


def test_witness_withheld_by_default_and_shown_on_request() -> None:
    _, text, (row,) = _export([make_incident()])
    assert row["source"] == f"{MONITOR}; {WITHHELD}"
    assert WITNESS not in text
    _, text, (row,) = _export([make_incident()], include_names=True)
    assert row["source"] == f"{MONITOR}; {WITNESS}"
    assert row["notes"] == f"{WITNESS} saw the gunmen"


def test_victim_texts_never_appear_by_default() -> None:
    incident = make_incident(notes=f"{VICTIM} was a teacher")
    _, text, (row,) = _export([incident])
    assert VICTIM not in text
    assert row["notes"] == "[name withheld] was a teacher"


def test_formula_injection_neutralised() -> None:
    incident = make_incident(
        id='=HYPERLINK("http://evil")',
        perpetrators=("@admin", "-cmd"),
        place=make_place(name="+Baniyas", admin1="=1+1"),
        notes="=cmd|' /C calc'!A0",
    )
    _, _, (row,) = _export([incident])
    assert row["event_id_cnty"] == '\'=HYPERLINK("http://evil")'
    assert (row["actor1"], row["assoc_actor_1"]) == ("'@admin", "'-cmd")
    assert (row["location"], row["admin1"]) == ("'+Baniyas", "'=1+1")
    assert row["notes"] == "'=cmd|' /C calc'!A0"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@"))


def test_child_incident_carries_parent_id() -> None:
    _, _, rows = _export([make_incident(), make_incident(id="inc-0002", parent="inc-0001")])
    assert [r["parent_id"] for r in rows] == ["", "inc-0001"]
