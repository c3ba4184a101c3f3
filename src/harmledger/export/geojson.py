"""Geocoded place mentions as a GeoJSON FeatureCollection.

One ``Point`` feature per stored place mention that has coordinates (``[lon, lat]``), with
properties ``document_id``, ``text``, ``start``, ``end``, ``name``, ``geonameid``, ``country``,
``admin1``, ``geo_precision``, ``where_prec`` and ``claims``: the kind and count
(``low``/``best``/``high``/``qualifier``) of each claim of that document whose places overlap
the mention. The mention's ``text`` goes through
the redaction component like every span (a name misread as a place is withheld) unless
``include_names=True``.
"""

from __future__ import annotations

import json
from itertools import groupby
from operator import itemgetter
from typing import Any, TextIO

from harmledger.export.records import overlaps, public_claims
from harmledger.models import Claim, PlaceMention
from harmledger.redact import Redactor
from harmledger.store.base import Store


def place_feature(document_id: str, place: PlaceMention, claims: list[Claim]) -> dict[str, Any]:
    """The GeoJSON feature of one geocoded mention (``place.lat``/``lon`` must be set)."""
    mentioning = [c for c in claims if any(overlaps(s, place.span) for s in c.places)]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "document_id": document_id,
            "text": place.span.text,
            "start": place.span.start,
            "end": place.span.end,
            "name": place.name,
            "geonameid": place.geonameid,
            "country": place.country,
            "admin1": place.admin1,
            "geo_precision": place.geo_precision,
            "where_prec": place.where_prec,
            "claims": [
                {
                    "kind": c.kind,
                    "low": c.count.low,
                    "best": c.count.best,
                    "high": c.count.high,
                    "qualifier": c.count.qualifier,
                }
                for c in mentioning
            ],
        },
    }


def export_geojson(store: Store, out: TextIO, *, include_names: bool = False) -> int:
    """Write one FeatureCollection; return the number of features."""
    features: list[dict[str, Any]] = []
    redactor = None if include_names else Redactor(store)
    for doc_id, group in groupby(store.places(), key=itemgetter(0)):
        places = [p for _, p in group if p.lat is not None and p.lon is not None]
        if not places:
            continue
        if redactor is not None:
            places = [redactor.of(doc_id).place(p) for p in places]
        claims = [c for _, c in public_claims(store, include_names=True, document_id=doc_id)]
        features.extend(place_feature(doc_id, p, claims) for p in places)
    collection = {"type": "FeatureCollection", "features": features}
    json.dump(collection, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
