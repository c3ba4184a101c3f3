"""A place mention's relation to the event ("near", with the distance) is saved and loaded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from harmledger.store.sqlite import SQLiteStore
from test_store_base import sample_document, sample_extraction


def test_relation_and_offset_round_trip(tmp_path: Path) -> None:
    doc = sample_document()
    extraction = sample_extraction(doc)
    assert extraction.places
    first = replace(extraction.places[0], relation="near", offset_km=10.0, where_prec=2)
    extraction = replace(extraction, places=(first, *extraction.places[1:]))
    with SQLiteStore(tmp_path / "ledger.db") as store:
        assert store.save(doc, extraction, produced_by="t")
        loaded = [p for _, p in store.places(doc.id)]
    assert (loaded[0].relation, loaded[0].offset_km, loaded[0].where_prec) == ("near", 10.0, 2)
    assert all(p.relation is None and p.offset_km is None for p in loaded[1:])
