"""Resolve stage: place mentions -> coordinates (offline gazetteer), date phrases -> intervals.

Nothing is loaded on import: the gazetteer is built (or read from its cache) on first use.
"""

from harmledger.resolve.dates import VAGUE_DATE_RE, resolve_date
from harmledger.resolve.gazetteer import Candidate, Gazetteer
from harmledger.resolve.geo import GEOCODER_NAME, Geocoder, is_known_place, phrase_names
from harmledger.resolve.geonames_dump import DumpStats, load_geonames_dump

__all__ = [
    "GEOCODER_NAME",
    "VAGUE_DATE_RE",
    "Candidate",
    "DumpStats",
    "Gazetteer",
    "Geocoder",
    "is_known_place",
    "load_geonames_dump",
    "phrase_names",
    "resolve_date",
]
