"""Incidents as a GeoJSON FeatureCollection: one ``Point`` per incident with coordinates.

Coordinates are ``[lon, lat]`` (GeoJSON order). An incident whose place has no coordinates
(or that has no place) is left out; the return value counts the features written. Properties
are listed in ``PROPERTIES`` and described in ``docs/EXPORTS.md``; keys are sorted in the
output. Name policy: no source names or victim texts are written, and the names of
private persons are withheld from ``headline`` unless ``include_names=True``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from harmledger.export.incident_common import date_fields, figures, public_text
from harmledger.models import Incident

PROPERTIES: tuple[str, ...] = (
    "id",
    "parent",
    "date_start",
    "date_end",
    "date_prec",
    "kinds",
    "fatalities",
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_best",
    "grade",
    "number_of_sources",
    "independent_sources",
    "where_prec",
    "geo_precision",
    "place",
    "admin1",
    "country",
    "headline",
    "linker",
)


def incident_feature(incident: Incident, *, include_names: bool = False) -> dict[str, Any] | None:
    """The GeoJSON feature of one incident, or None when it has no coordinates."""
    place = incident.place
    if place is None or place.lat is None or place.lon is None:
        return None
    start, end, precision = date_fields(incident)
    killed = figures(incident.estimate("killed"))
    properties = {
        "id": incident.id,
        "parent": incident.parent,
        "date_start": start,
        "date_end": end,
        "date_prec": precision,
        "kinds": list(incident.kinds),
        "fatalities": incident.fatalities,
        "killed_low": killed["low"],
        "killed_best": killed["best"],
        "killed_high": killed["high"],
        "injured_best": figures(incident.estimate("injured"))["best"],
        "grade": incident.grade,
        "number_of_sources": incident.number_of_sources,
        "independent_sources": incident.independent_sources,
        "where_prec": place.where_prec,
        "geo_precision": place.geo_precision,
        "place": place.name or place.span.text,
        "admin1": place.admin1,
        "country": place.country,
        "headline": public_text(incident.headline, incident, include_names=include_names),
        "linker": incident.linker or None,
    }
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": properties,
    }


def export_incident_geojson(
    incidents: Iterable[Incident], out: TextIO, *, include_names: bool = False
) -> int:
    """Write one FeatureCollection of the incidents with coordinates; return features written."""
    features = [
        feature
        for feature in (incident_feature(i, include_names=include_names) for i in incidents)
        if feature is not None
    ]
    collection = {"type": "FeatureCollection", "features": features}
    json.dump(collection, out, ensure_ascii=False, sort_keys=True)
    out.write("\n")
    return len(features)
