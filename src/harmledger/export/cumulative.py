"""Background totals as CSV: the cumulative claims of the ledger, one row each.

A cumulative claim is a toll over a period and an area ("the war has killed more than 150,000
people since 2014"): context for the incidents in its period and area, never an incident's
toll, so the ACLED and UCDP event exports leave it out and this export has it alone. Each row
has the claim's kind and counts, its period (``period_start``/``period_end``: None where the
text leaves it open, e.g. "since the war began"), the period phrase, its places and source.
Cells are escaped against spreadsheet formulas, and the names of private persons are withheld
unless ``include_names=True``, as in the claims CSV.
"""

from __future__ import annotations

import csv
from typing import TextIO

from harmledger.export.csv import COLUMNS as CLAIM_COLUMNS
from harmledger.export.csv import claim_cells, safe_cell
from harmledger.export.records import public_claims
from harmledger.store.base import Store

#: The claim's own columns of the claims CSV (document .. count_text), then the period.
COLUMNS: tuple[str, ...] = (
    *CLAIM_COLUMNS[: CLAIM_COLUMNS.index("count_text") + 1],
    "period_start",
    "period_end",
    "period_text",
    "places",
    "source",
    "source_type",
    "relay",
    "span_text",
    "extractor",
)


def export_cumulative(store: Store, out: TextIO, *, include_names: bool = False) -> int:
    """Write a header and one row per cumulative claim; return the number of rows."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    written = 0
    for doc_id, claim in public_claims(store, include_names=include_names):
        if not claim.cumulative:
            continue
        period = claim.period
        cells = {
            **claim_cells(doc_id, claim),
            "period_start": period.start if period else None,
            "period_end": period.end if period else None,
            "period_text": period.span.text if period and period.span else "",
        }
        writer.writerow({k: safe_cell(v) for k, v in cells.items()})
        written += 1
    return written
