"""GeoJSON export of incidents."""

from __future__ import annotations

import io
import json
from typing import Any

from harmledger.export.incident_geojson import PROPERTIES, export_incident_geojson
from harmledger.models import Incident
from test_export_incident_common import VICTIM, WITNESS, make_incident, make_place


def _export(incidents: list[Incident], **kw: Any) -> tuple[int, str, dict[str, Any]]:
    out = io.StringIO()
    n = export_incident_geojson(incidents, out, **kw)
    text = out.getvalue()
    return n, text, json.loads(text)


def test_lon_lat_order_and_properties() -> None:
    n, _, data = _export([make_incident()])
    assert n == 1 and data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [35.94015, 35.18233]}
    props = feature["properties"]
    assert set(props) == set(PROPERTIES)
    assert props["linker"] is None  # an incident that names no link model
    _, _, linked = _export([make_incident(linker="harmledger.link.v2+0ca634db")])
    assert linked["features"][0]["properties"]["linker"] == "harmledger.link.v2+0ca634db"
    assert (props["id"], props["parent"], props["kinds"]) == (
        "inc-0001",
        None,
        ["killed", "injured"],
    )
    assert (props["fatalities"], props["killed_low"], props["killed_best"]) == (12, 12, 15)
    assert (props["killed_high"], props["injured_best"]) == (20, 7)
    assert (props["place"], props["admin1"], props["country"]) == ("Baniyas", "Tartus", "SY")
    assert (props["date_start"], props["date_prec"], props["where_prec"]) == ("2025-03-06", 1, 1)
    assert (props["number_of_sources"], props["independent_sources"]) == (3, 2)


def test_incidents_without_coordinates_are_skipped() -> None:
    incidents = [
        make_incident(id="a", place=None),
        make_incident(id="b", place=make_place(lat=None, lon=None)),
        make_incident(id="c", place=make_place(lat=-33.9, lon=18.4)),
    ]
    n, _, data = _export(incidents)
    assert n == 1
    assert [f["properties"]["id"] for f in data["features"]] == ["c"]
    assert data["features"][0]["geometry"]["coordinates"] == [18.4, -33.9]


def test_no_names_by_default() -> None:
    _, text, data = _export([make_incident()])
    assert VICTIM not in text and WITNESS not in text
    assert data["features"][0]["properties"]["headline"].startswith("[name withheld] among 15")
    _, text, _ = _export([make_incident()], include_names=True)
    assert VICTIM in text


def test_child_incident_carries_parent() -> None:
    _, _, data = _export([make_incident(), make_incident(id="inc-0002", parent="inc-0001")])
    assert [f["properties"]["parent"] for f in data["features"]] == [None, "inc-0001"]


def test_empty_input_is_an_empty_collection() -> None:
    n, _, data = _export([])
    assert n == 0 and data == {"type": "FeatureCollection", "features": []}
