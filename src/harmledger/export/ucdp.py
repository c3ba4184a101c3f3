"""Incidents as a UCDP GED-style CSV: one row per incident, UCDP's column names and codes.

Columns (in this order) are ``COLUMNS``: UCDP GED's own, then the harmledger extras
``parent_id``, ``grade`` and ``injured_best``/``injured_low``/``injured_high``. ``best``/
``low``/``high`` are the ``killed`` estimate; every unknown figure is an empty cell, never 0.
``type_of_violence`` and the sides follow ``export.incident_common`` and ``docs/EXPORTS.md``.

Name policy: the names of private persons are ``"[name withheld]"`` in ``source_original``
and ``source_headline`` unless ``include_names=True`` (docs/SECURITY.md). Every cell goes
through ``export.csv.safe_cell``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from harmledger.export.incident_common import (
    country_name,
    date_fields,
    figures,
    public_text,
    source_names,
    ucdp_sides,
    ucdp_type_of_violence,
    write_csv,
)
from harmledger.models import Incident

COLUMNS: tuple[str, ...] = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "date_start",
    "date_end",
    "date_prec",
    "country",
    "adm_1",
    "adm_2",
    "where_coordinates",
    "where_prec",
    "latitude",
    "longitude",
    "best",
    "low",
    "high",
    "deaths_civilians",
    "number_of_sources",
    "source_headline",
    "source_original",
    # harmledger extras
    "parent_id",
    "grade",
    "injured_best",
    "injured_low",
    "injured_high",
)


def _place_cells(incident: Incident) -> dict[str, Any]:
    place = incident.place
    if place is None:
        return {}
    return {
        "country": country_name(place.country),
        "adm_1": place.admin1,
        "adm_2": place.admin2,
        "where_coordinates": place.name or place.span.text,
        "where_prec": place.where_prec,
        "latitude": place.lat,
        "longitude": place.lon,
    }


def ucdp_row(incident: Incident, *, include_names: bool = False) -> dict[str, Any]:
    """The cells of one incident (before formula escaping); missing columns are empty."""
    start, end, precision = date_fields(incident)
    side_a, side_b = ucdp_sides(incident)
    killed = figures(incident.estimate("killed"))
    injured = figures(incident.estimate("injured"))
    return {
        "id": incident.id,
        "type_of_violence": ucdp_type_of_violence(incident),
        "side_a": side_a,
        "side_b": side_b,
        "date_start": start,
        "date_end": end,
        "date_prec": precision,
        **_place_cells(incident),
        "best": killed["best"],
        "low": killed["low"],
        "high": killed["high"],
        "deaths_civilians": killed["best"] if incident.civilian_targeting else None,
        "number_of_sources": incident.number_of_sources,
        "source_headline": public_text(incident.headline, incident, include_names=include_names),
        "source_original": "; ".join(source_names(incident, include_names=include_names)),
        "parent_id": incident.parent,
        "grade": incident.grade,
        "injured_best": injured["best"],
        "injured_low": injured["low"],
        "injured_high": injured["high"],
    }


def export_ucdp(incidents: Iterable[Incident], out: TextIO, *, include_names: bool = False) -> int:
    """Write a header and one UCDP GED-style row per incident, in the order given; return rows."""
    rows = (ucdp_row(i, include_names=include_names) for i in incidents)
    return write_csv(rows, COLUMNS, out)
