"""The claims ledger as CSV: one row per claim, flat columns, safe to open in a spreadsheet.

Lists are joined with ``"; "`` (victims, perpetrators, places) and the relay chain with
``" > "``. Any text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is prefixed with a single quote so that spreadsheets do not run it as a formula (CSV
injection). Names of private persons (victims, witnesses, relatives,
residents, sources of unknown type) are ``"[name withheld]"`` in every cell taken from the
text, unless ``include_names=True`` (docs/SECURITY.md).
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from harmledger.export.records import public_claims
from harmledger.models import Claim
from harmledger.store.base import Store

COLUMNS: tuple[str, ...] = (
    "document_id",
    "kind",
    "low",
    "best",
    "high",
    "qualifier",
    "count_text",
    "victims",
    "perpetrators",
    "places",
    "source",
    "source_type",
    "relay",
    "date_start",
    "date_end",
    "date_prec",
    "is_aggregate",
    "cumulative",
    "span_start",
    "span_end",
    "span_text",
    "extractor",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def claim_cells(document_id: str, claim: Claim) -> dict[str, Any]:
    """The flat CSV cells of one claim (before injection escaping)."""
    attr, date = claim.attribution, claim.date
    return {
        "document_id": document_id,
        "kind": claim.kind,
        "low": claim.count.low,
        "best": claim.count.best,
        "high": claim.count.high,
        "qualifier": claim.count.qualifier,
        "count_text": claim.count.span.text if claim.count.span else "",
        "victims": "; ".join(a.span.text for a in claim.victims),
        "perpetrators": "; ".join(a.span.text for a in claim.perpetrators),
        "places": "; ".join(s.text for s in claim.places),
        "source": attr.source.text if attr else "",
        "source_type": attr.source_type if attr else "",
        "relay": " > ".join(s.text for s in attr.relay) if attr else "",
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_prec": date.precision if date else None,
        "is_aggregate": int(claim.is_aggregate),
        "cumulative": int(claim.cumulative),
        "span_start": claim.span.start,
        "span_end": claim.span.end,
        "span_text": claim.span.text,
        "extractor": claim.extractor,
    }


def export_csv(store: Store, out: TextIO, *, include_names: bool = False) -> int:
    """Write a header and one row per stored claim; return the number of rows (no header)."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    written = 0
    for doc_id, claim in public_claims(store, include_names=include_names):
        cells = claim_cells(doc_id, claim)
        writer.writerow({k: safe_cell(v) for k, v in cells.items()})
        written += 1
    return written
