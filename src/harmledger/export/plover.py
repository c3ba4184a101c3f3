"""Incidents as PLOVER JSON Lines: one JSON object per incident, keys sorted.

PLOVER (Political Language Ontology for Verifiable Event Records, the ontology of the POLECAT
data set) codes an event as a category (``event_type``), an optional ``mode`` (how) and
``context`` (why), a source actor (here ``actor``) and a ``recipient``, each actor with a
3-letter ``sector`` code. The category and mode come from the incident's kinds only:

=========  =========  ========  =========
kind       category   mode      context
=========  =========  ========  =========
killed     ASSAULT    (none)
injured    ASSAULT    (none)
attacked   ASSAULT    (none)
abducted   ASSAULT    abduct
property   ASSAULT    destroy
detained   COERCE     arrest
displaced  COERCE     (none)    migration
=========  =========  ========  =========

``mode`` and ``context`` are left out when no kind implies one (weapons are not known from
kinds). Full field list and the sector rules: ``docs/EXPORTS.md``. Name policy: the names of
private persons are ``"[name withheld]"`` in ``sources``, ``headline`` and ``notes``, and
``victims`` is written only with ``include_names=True`` (docs/SECURITY.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

from harmledger.export.incident_common import (
    CIVILIANS,
    KIND_PRECEDENCE,
    country_alpha3,
    date_fields,
    figures,
    is_state_force,
    public_source_name,
    public_text,
)
from harmledger.models import Incident
from harmledger.redact import incident_names

#: PLOVER ``(category, mode, context)`` of each kind of harm (None: not known from the kind).
KIND_CODING: dict[str, tuple[str, str | None, str | None]] = {
    "killed": ("ASSAULT", None, None),
    "injured": ("ASSAULT", None, None),
    "attacked": ("ASSAULT", None, None),
    "abducted": ("ASSAULT", "abduct", None),
    "property": ("ASSAULT", "destroy", None),
    "detained": ("COERCE", "arrest", None),
    "displaced": ("COERCE", None, "migration"),
}
_CATEGORY_ORDER = ("ASSAULT", "COERCE")  # most to least severe (PLOVER conflict scores)
QUAD_MATERIAL_CONFLICT = 4

#: Sector of a perpetrator: the first rule that matches wins; other state forces are MIL.
_SECTOR_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE), sector)
    for words, sector in (
        (r"pro-government|paramilitar(?:y|ies)", "PRM"),
        (r"police|gendarmerie|ministry of interior", "COP"),
        (r"intelligence|mukhabarat", "SPY"),
        (
            r"army|armed forces|military|air ?force|navy|national guard|soldiers?|troops|"
            r"warplanes?|(?:government|regime|security) forces|ministry of defen[cs]e",
            "MIL",
        ),
        (r"government|regime|ministry", "GOV"),
        (r"rebels?|insurgents?|militants?|jihadists?|opposition fighters", "REB"),
        (r"gunmen|armed men|assailants|attackers|unidentified|unknown", "UAF"),
        (r"gangs?|criminals?|smugglers", "CRM"),
    )
)


def perpetrator_sector(text: str) -> str | None:
    """The PLOVER sector code of a perpetrator's text, None when the words do not tell."""
    for pattern, sector in _SECTOR_RULES:
        if pattern.search(text):
            return sector
    return "MIL" if is_state_force(text) else None


def event_coding(kinds: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """The PLOVER categories, modes and contexts the kinds imply, most severe category first."""
    present = set(kinds)
    ordered = [k for k in KIND_PRECEDENCE if k in present]
    codings = sorted(  # modes follow their category, so ASSAULT's come first
        (KIND_CODING[k] for k in ordered if k in KIND_CODING),
        key=lambda coding: _CATEGORY_ORDER.index(coding[0]),
    )
    categories = [c for c in _CATEGORY_ORDER if any(cat == c for cat, _, _ in codings)]
    modes = list(dict.fromkeys(m for _, m, _ in codings if m))
    contexts = list(dict.fromkeys(c for _, _, c in codings if c))
    return categories, modes, contexts


def _actors(incident: Incident) -> list[dict[str, Any]]:
    actors = []
    for text in dict.fromkeys(p.strip() for p in incident.perpetrators if p.strip()):
        actor: dict[str, Any] = {"actor_text": text}
        sector = perpetrator_sector(text)
        if sector:
            actor["sector"] = sector
        actors.append(actor)
    return actors


def _recipients(incident: Incident) -> list[dict[str, Any]]:
    if not incident.civilian_targeting:
        return []
    recipient: dict[str, Any] = {"actor_text": CIVILIANS, "sector": "CVL"}
    code = country_alpha3(incident.place.country if incident.place else None)
    if code:
        recipient["code"] = code  # the country where it happened (ACLED's convention)
    return [recipient]


def _location(incident: Incident) -> dict[str, Any] | None:
    place = incident.place
    if place is None:
        return None
    return {
        "name": place.name or place.span.text,
        "country": place.country,
        "cc3": country_alpha3(place.country),
        "admin1": place.admin1,
        "admin2": place.admin2,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "geo_precision": place.geo_precision,
        "where_prec": place.where_prec,
    }


def _sources(incident: Incident, include_names: bool) -> list[dict[str, Any]]:
    names = () if include_names else incident_names(incident)
    return [
        {
            "name": public_source_name(s, include_names=include_names, names=names),
            "source_type": s.source_type,
            "publisher": s.publisher,
            "document_id": s.document_id,
            "story": s.story,
        }
        for s in incident.sources
    ]


def plover_record(incident: Incident, *, include_names: bool = False) -> dict[str, Any]:
    """The PLOVER object of one incident (see the module docstring and docs/EXPORTS.md)."""
    start, end, precision = date_fields(incident)
    categories, modes, contexts = event_coding(incident.kinds)
    record: dict[str, Any] = {
        "id": incident.id,
        "date": start,
        "enddate": end,
        "date_prec": precision,
        "event_type": categories[0] if categories else None,
        "event": categories,
        "quad_code": QUAD_MATERIAL_CONFLICT if categories else None,
        "kinds": list(incident.kinds),
        "actor": _actors(incident),
        "recipient": _recipients(incident),
        "civilian_targeting": incident.civilian_targeting,
        "location": _location(incident),
        "fatalities": incident.fatalities,
        "injuries": figures(incident.estimate("injured"))["conservative"],
        "estimates": {e.kind: figures(e) for e in incident.estimates},
        "sources": _sources(incident, include_names),
        "number_of_sources": incident.number_of_sources,
        "independent_sources": incident.independent_sources,
        "grade": incident.grade,
        "parent": incident.parent,
        "headline": public_text(incident.headline, incident, include_names=include_names),
        "notes": public_text(incident.notes, incident, include_names=include_names),
    }
    if modes:
        record["mode"] = modes
    if contexts:
        record["context"] = contexts
    if include_names:
        record["victims"] = list(incident.victims)
    return record


def export_plover(
    incidents: Iterable[Incident], out: TextIO, *, include_names: bool = False
) -> int:
    """Write one PLOVER JSON object a line per incident, in the order given; return lines."""
    written = 0
    for incident in incidents:
        record = plover_record(incident, include_names=include_names)
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        written += 1
    return written
