"""Exports of the ledger: JSON Lines, CSV, GeoJSON and the eval prediction format.

Every exporter has the signature ``(store, out, *, include_names=False) -> int`` (records
written) and is listed in ``EXPORTERS`` by format name.

Witness protection: the public exports (``jsonl``, ``csv``, ``geojson``) never contain the
name of a witness, i.e. the source of a claim whose ``source_type`` is ``"witness"``: its
text becomes ``"[witness withheld]"`` (start/end kept) and the name is replaced in the claim's
other spans, unless ``include_names=True`` is passed. ``eval-jsonl`` is for scoring against
gold data and includes everything.
"""

from __future__ import annotations

from typing import Protocol, TextIO

from harmledger.export.csv import export_csv
from harmledger.export.eval import export_eval_jsonl, export_eval_jsonl_store
from harmledger.export.geojson import export_geojson
from harmledger.export.jsonl import export_jsonl
from harmledger.export.records import WITHHELD, withhold_witness
from harmledger.store.base import Store


class Exporter(Protocol):
    def __call__(self, store: Store, out: TextIO, *, include_names: bool = False) -> int: ...


EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
    "csv": export_csv,
    "geojson": export_geojson,
    "eval-jsonl": export_eval_jsonl_store,
}

__all__ = [
    "EXPORTERS",
    "WITHHELD",
    "Exporter",
    "export_csv",
    "export_eval_jsonl",
    "export_eval_jsonl_store",
    "export_geojson",
    "export_jsonl",
    "withhold_witness",
]
