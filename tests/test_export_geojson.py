"""GeoJSON export of geocoded place mentions with the claims that mention them."""

from __future__ import annotations

import io
import json
from pathlib import Path

from harmledger.export.geojson import export_geojson
from harmledger.store.sqlite import SQLiteStore
from test_store_base import TEXT, WITNESS, sample_document, sample_extraction


def test_feature_collection(tmp_path: Path) -> None:
    doc = sample_document()
    with SQLiteStore(tmp_path / "l.db") as s:
        s.save(doc, sample_extraction(doc), produced_by="t")
        s.save(sample_document("Nothing happened here."), None, produced_by="t")
        out = io.StringIO()
        n = export_geojson(s, out)
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    assert n == len(data["features"]) == 2  # the un-geocoded headline mention is left out
    baniyas, latakia = data["features"]
    assert baniyas["geometry"] == {"type": "Point", "coordinates": [35.94015, 35.18233]}
    props = baniyas["properties"]
    start = TEXT.index("Baniyas", TEXT.index("Baniyas") + 1)
    assert props["document_id"] == doc.id
    assert (props["text"], props["start"], props["end"]) == ("Baniyas", start, start + 7)
    assert (props["name"], props["country"], props["admin1"]) == ("Baniyas", "SY", "Tartus")
    assert (props["geo_precision"], props["where_prec"]) == (1, 2)
    assert props["claims"] == [
        {"kind": "killed", "low": 12, "best": 12, "high": None, "qualifier": "at_least"}
    ]
    assert latakia["properties"]["claims"] == [
        {"kind": "property", "low": 24, "best": None, "high": None, "qualifier": "vague"}
    ]
    assert WITNESS not in out.getvalue()


def test_empty_store_is_an_empty_collection(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "l.db") as s:
        out = io.StringIO()
        assert export_geojson(s, out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}
