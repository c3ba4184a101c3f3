"""UCDP GED-style CSV export of incidents."""

from __future__ import annotations

import csv
import io
from typing import Any

from harmledger.export.records import WITHHELD
from harmledger.export.ucdp import COLUMNS, export_ucdp
from harmledger.models import Estimate, Incident
from test_export_incident_common import MONITOR, VICTIM, WITNESS, make_incident


def _export(incidents: list[Incident], **kw: Any) -> tuple[int, str, list[dict[str, str]]]:
    out = io.StringIO()
    n = export_ucdp(incidents, out, **kw)
    text = out.getvalue()
    return n, text, list(csv.DictReader(io.StringIO(text)))


def test_columns_in_order() -> None:
    n, text, rows = _export([make_incident()])
    assert n == len(rows) == 1
    header = tuple(next(csv.reader(io.StringIO(text))))
    assert header == COLUMNS
    assert header.index("best") < header.index("low") < header.index("high")
    assert header[-5:] == ("parent_id", "grade", "injured_best", "injured_low", "injured_high")


def test_one_sided_row() -> None:
    _, _, (row,) = _export([make_incident()])
    assert row["type_of_violence"] == "3"
    assert row["side_a"] == "government forces; pro-government militia"
    assert row["side_b"] == "Civilians"
    assert (row["date_start"], row["date_end"], row["date_prec"]) == (
        "2025-03-06",
        "2025-03-06",
        "1",
    )
    assert (row["country"], row["adm_1"], row["adm_2"]) == ("Syria", "Tartus", "Baniyas District")
    assert (row["where_coordinates"], row["where_prec"]) == ("Baniyas", "1")
    assert (row["latitude"], row["longitude"]) == ("35.18233", "35.94015")
    assert (row["best"], row["low"], row["high"]) == ("15", "12", "20")
    assert row["deaths_civilians"] == "15"
    assert (row["injured_best"], row["injured_low"], row["injured_high"]) == ("7", "5", "")
    assert (row["number_of_sources"], row["grade"]) == ("3", "corroborated")


def test_state_based_and_unknown_figures() -> None:
    incident = make_incident(
        civilian_targeting=False,
        perpetrators=("the Syrian army",),
        kinds=("injured",),
        estimates=(Estimate("injured", 2, 2, 2, 2, "m"),),
    )
    _, _, (row,) = _export([incident])
    assert (row["type_of_violence"], row["side_b"]) == ("1", "")
    assert (row["best"], row["low"], row["high"], row["deaths_civilians"]) == ("", "", "", "")


def test_witness_withheld_by_default_and_shown_on_request() -> None:
    _, text, (row,) = _export([make_incident()])
    assert row["source_original"] == f"{MONITOR}; {WITHHELD}"
    assert WITNESS not in text
    _, _, (row,) = _export([make_incident()], include_names=True)
    assert row["source_original"] == f"{MONITOR}; {WITNESS}"


def test_victim_names_never_appear_by_default() -> None:
    _, text, (row,) = _export([make_incident()])
    assert VICTIM not in text
    assert row["source_headline"] == f"[name withheld] among 15 killed in Baniyas, {WITHHELD} says"
    _, text, _ = _export([make_incident()], include_names=True)
    assert VICTIM in text


def test_formula_injection_neutralised() -> None:
    incident = make_incident(headline="=SUM(A1:A9)", perpetrators=("+armed men",))
    _, _, (row,) = _export([incident])
    assert row["source_headline"] == "'=SUM(A1:A9)"
    assert row["side_a"] == "'+armed men"


def test_child_incident_carries_parent_id() -> None:
    _, _, (row,) = _export([make_incident(id="inc-0002", parent="inc-0001")])
    assert (row["id"], row["parent_id"]) == ("inc-0002", "inc-0001")
