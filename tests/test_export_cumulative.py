"""The cumulative export: background totals alone, escaped, witnesses withheld."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from harmledger.export import EXPORTERS
from harmledger.export.cumulative import COLUMNS, export_cumulative
from harmledger.models import DateInterval, Span
from harmledger.store.sqlite import SQLiteStore
from test_store_base import sample_document, sample_extraction


def test_only_cumulative_claims_are_written_with_their_period(tmp_path: Path) -> None:
    doc = sample_document()
    extraction = sample_extraction(doc)
    first = extraction.claims[0]
    phrase = Span.of(doc.text, first.span.start, first.span.start + 4)
    total = replace(first, cumulative=True, period=DateInterval(None, "2025-03-08", None, phrase))
    changed = replace(extraction, claims=(total, *extraction.claims[1:]))
    out = io.StringIO()
    with SQLiteStore(tmp_path / "c.db") as store:
        store.save(doc, changed, produced_by="t")
        assert export_cumulative(store, out) == 1
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(row) == COLUMNS
    assert (row["period_start"], row["period_end"]) == ("", "2025-03-08")
    assert row["period_text"] == phrase.text
    assert EXPORTERS["cumulative"] is export_cumulative


def test_no_cumulative_claims_gives_a_header_only(tmp_path: Path) -> None:
    doc = sample_document()
    out = io.StringIO()
    with SQLiteStore(tmp_path / "c.db") as store:
        store.save(doc, sample_extraction(doc), produced_by="t")
        assert export_cumulative(store, out) == 0
    assert out.getvalue().strip() == ",".join(COLUMNS)
