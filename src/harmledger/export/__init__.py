"""Exports of the ledger: claims as JSON Lines, CSV, GeoJSON and the eval prediction format;
incidents as ACLED- and UCDP GED-style CSV, PLOVER JSON Lines and GeoJSON; background totals
(cumulative claims, never in the incident exports) as CSV (docs/EXPORTS.md).

Every exporter has the signature ``(store, out, *, include_names=False) -> int`` (records
written) and is listed in ``EXPORTERS`` by format name.

Names of private persons (docs/SECURITY.md): unless ``include_names=True`` is passed, every
export goes through ``harmledger.redact``: a victim, witness, relative, resident, survivor or
source of unknown type named in the text becomes ``"[name withheld]"`` wherever the output
shows that stretch of text (spans keep their start and end). Officials, doctors, NGOs, the UN,
monitors and journalists quoted in their public role are shown. ``eval-jsonl`` follows the same
rule; score with ``--include-names`` (or ``harmledger extract``), since gold texts hold names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TextIO

from harmledger.export.acled import export_acled
from harmledger.export.csv import export_csv
from harmledger.export.cumulative import export_cumulative
from harmledger.export.eval import export_eval_jsonl, export_eval_jsonl_store
from harmledger.export.geojson import export_geojson
from harmledger.export.incident_geojson import export_incident_geojson
from harmledger.export.jsonl import export_jsonl
from harmledger.export.plover import export_plover
from harmledger.export.records import WITHHELD, withhold_private
from harmledger.export.ucdp import export_ucdp
from harmledger.models import Incident
from harmledger.redact import Redactor
from harmledger.store.base import Store


class Exporter(Protocol):
    def __call__(self, store: Store, out: TextIO, *, include_names: bool = False) -> int: ...


class IncidentExporter(Protocol):
    def __call__(
        self, incidents: Iterable[Incident], out: TextIO, *, include_names: bool = False
    ) -> int: ...


def _incidents(export: IncidentExporter) -> Exporter:
    """An exporter of every live incident of the store (parents first, then children)."""

    def run(store: Store, out: TextIO, *, include_names: bool = False) -> int:
        from harmledger.link.linker import all_incidents

        incidents = all_incidents(store)
        if not include_names:
            redactor = Redactor(store)
            incidents = [redactor.incident(i) for i in incidents]
        return export(incidents, out, include_names=include_names)

    return run


EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
    "csv": export_csv,
    "geojson": export_geojson,
    "eval-jsonl": export_eval_jsonl_store,
    "cumulative": export_cumulative,
    "acled": _incidents(export_acled),
    "ucdp": _incidents(export_ucdp),
    "plover": _incidents(export_plover),
    "incidents-geojson": _incidents(export_incident_geojson),
}

__all__ = [
    "EXPORTERS",
    "WITHHELD",
    "Exporter",
    "IncidentExporter",
    "export_acled",
    "export_csv",
    "export_cumulative",
    "export_eval_jsonl",
    "export_eval_jsonl_store",
    "export_geojson",
    "export_incident_geojson",
    "export_jsonl",
    "export_plover",
    "export_ucdp",
    "withhold_private",
]
