"""Incidents as an ACLED-style CSV: one row per incident, ACLED's column names and codes.

Columns (in this order) are ``COLUMNS``: ACLED's own, then the harmledger extras
``parent_id``, ``grade``, ``number_of_sources`` and ``independent_sources``. The mapping rules
(event type, actors, precision, source scale) live in ``export.incident_common`` and are
documented in ``docs/EXPORTS.md``. Departures from ACLED on purpose: an unknown number of
deaths is an empty ``fatalities`` cell, never 0; an unknown event type is an empty cell.

Name policy: the names of private persons are ``"[name withheld]"`` in ``source`` and
``notes``, and victim texts are never written, unless ``include_names=True``. Every cell goes
through ``export.csv.safe_cell``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from harmledger.export.incident_common import (
    acled_actors,
    acled_event_type,
    acled_time_precision,
    country_name,
    date_fields,
    public_text,
    source_names,
    source_scale,
    write_csv,
)
from harmledger.models import Incident

COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "civilian_targeting",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    # harmledger extras
    "parent_id",
    "grade",
    "number_of_sources",
    "independent_sources",
)


def _place_cells(incident: Incident) -> dict[str, Any]:
    place = incident.place
    if place is None:
        return {"country": "", "admin3": ""}
    return {
        "country": country_name(place.country),
        "admin1": place.admin1,
        "admin2": place.admin2,
        "admin3": "",  # the gazetteers give no third-order division
        "location": place.name or place.span.text,
        "latitude": place.lat,
        "longitude": place.lon,
        "geo_precision": place.geo_precision,
    }


def acled_row(incident: Incident, *, include_names: bool = False) -> dict[str, Any]:
    """The cells of one incident (before formula escaping); missing columns are empty."""
    start, _end, precision = date_fields(incident)
    event_type, sub_event_type = acled_event_type(incident)
    actor1, assoc_actor_1, actor2 = acled_actors(incident)
    return {
        "event_id_cnty": incident.id,
        "event_date": start,
        "year": int(start[:4]) if start else None,
        "time_precision": acled_time_precision(precision),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": assoc_actor_1,
        "actor2": actor2,
        "civilian_targeting": "Civilian targeting" if incident.civilian_targeting else "",
        **_place_cells(incident),
        "source": "; ".join(source_names(incident, include_names=include_names)),
        "source_scale": source_scale(incident.sources),
        "notes": public_text(incident.notes, incident, include_names=include_names),
        "fatalities": incident.fatalities,
        "parent_id": incident.parent,
        "grade": incident.grade,
        "number_of_sources": incident.number_of_sources,
        "independent_sources": incident.independent_sources,
    }


def export_acled(incidents: Iterable[Incident], out: TextIO, *, include_names: bool = False) -> int:
    """Write a header and one ACLED-style row per incident, in the order given; return rows."""
    rows = (acled_row(i, include_names=include_names) for i in incidents)
    return write_csv(rows, COLUMNS, out)
