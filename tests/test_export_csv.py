"""CSV export: flat columns, CSV injection escaping, witness protection."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from harmledger.export import WITHHELD
from harmledger.export.csv import COLUMNS, export_csv, safe_cell
from harmledger.models import Actor, Attribution, Claim, Count, Extraction
from harmledger.store.sqlite import SQLiteStore
from test_store_base import WITNESS, sample_document, sample_extraction, sp


def _rows(store: SQLiteStore, **kw: bool) -> tuple[int, list[dict[str, str]]]:
    out = io.StringIO()
    n = export_csv(store, out, **kw)
    return n, list(csv.DictReader(io.StringIO(out.getvalue())))


def test_one_flat_row_per_claim(tmp_path: Path) -> None:
    doc = sample_document()
    with SQLiteStore(tmp_path / "l.db") as s:
        s.save(doc, sample_extraction(doc), produced_by="t")
        n, rows = _rows(s)
    assert n == len(rows) == 3
    assert tuple(rows[0]) == COLUMNS
    first = rows[0]
    assert first["document_id"] == doc.id and first["kind"] == "killed"
    assert (first["low"], first["best"], first["high"]) == ("12", "12", "")
    assert first["qualifier"] == "at_least" and first["count_text"] == "At least 12"
    assert first["victims"] == "civilians; two children"
    assert first["perpetrators"] == "armed men" and first["places"] == "Baniyas"
    assert first["source"] == WITHHELD and first["source_type"] == "witness"
    assert first["relay"] == "AFP"
    assert (first["date_start"], first["date_end"], first["date_prec"]) == (
        "2025-03-06",
        "2025-03-06",
        "1",
    )
    assert doc.text[int(first["span_start"]) : int(first["span_end"])] == first["span_text"]
    assert rows[1]["is_aggregate"] == "1" and rows[1]["date_start"] == ""


def test_witness_names_only_with_include_names(tmp_path: Path) -> None:
    doc = sample_document()
    with SQLiteStore(tmp_path / "l.db") as s:
        s.save(doc, sample_extraction(doc), produced_by="t")
        out = io.StringIO()
        export_csv(s, out)
        assert WITNESS not in out.getvalue()
        _, rows = _rows(s, include_names=True)
    assert rows[0]["source"] == WITNESS


def test_formula_cells_are_escaped(tmp_path: Path) -> None:
    text = "=HYPERLINK(\"http://evil\") said @admin: -5 +3 were killed by =cmd|' /C calc'!A0"
    doc = sample_document(text)
    claim = Claim(
        "killed",
        sp(text, text),
        sp(text, "killed"),
        Count(3, 3, 3, "exact", sp(text, "+3")),
        victims=(Actor(sp(text, "-5")),),
        perpetrators=(Actor(sp(text, "=cmd|' /C calc'!A0")),),
        attribution=Attribution(sp(text, "@admin"), "social media"),
        extractor="=1+1",
    )
    with SQLiteStore(tmp_path / "l.db") as s:
        s.save(doc, Extraction(doc.id, (claim,)), produced_by="t")
        _, rows = _rows(s)
    row = rows[0]
    assert row["span_text"] == "'" + text
    assert row["count_text"] == "'+3" and row["victims"] == "'-5"
    assert row["perpetrators"] == "'=cmd|' /C calc'!A0"
    assert row["source"] == "'@admin" and row["extractor"] == "'=1+1"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@"))


def test_safe_cell() -> None:
    assert safe_cell("=1") == "'=1" and safe_cell("\tx") == "'\tx"
    assert safe_cell("ok = fine") == "ok = fine"
    assert safe_cell(-3) == -3 and safe_cell(None) is None
