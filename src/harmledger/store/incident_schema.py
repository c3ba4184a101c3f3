"""Rows of the incident tables and the records they hold; like ``schema``, no SQL runs here.

An ``Incident`` is stored whole as JSON in ``incidents.record`` (``incident_to_json``), with
copies of the fields one filters on (dates, country, admin1, fatalities, grade) in plain
columns. ``incident_from_json(incident_to_json(i)) == i`` for every incident: every nested
record (``Estimate``, ``IncidentSource``, ``ClaimRef``, ``DateInterval``, ``PlaceMention`` and
its ``Span``) is written field by field and rebuilt as its own type. A ``ClaimRef`` is stored
as ``[document_id, position]``. Linker payloads are JSON too; tuples in them come back as lists.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from harmledger.errors import InvalidRecordError
from harmledger.models import (
    AuditEntry,
    ClaimRef,
    DateInterval,
    Estimate,
    Incident,
    IncidentSource,
    LinkClaimRow,
    LinkDocRow,
    PlaceMention,
    Redirect,
    Span,
)
from harmledger.store.schema import PLACE_FIELDS

#: A stored row: a mapping, or the ``sqlite3.Row`` a query gives (indexable by column name).
Row = Mapping[str, Any] | sqlite3.Row

#: Version of the JSON layout of ``incidents.record``.
RECORD_VERSION = 1

_RELINK = "relink the incidents to rebuild it"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode_payload(payload: Mapping[str, Any], what: str) -> str:
    """``payload`` as JSON; InvalidRecordError (a StoreError) when it holds non-JSON values."""
    try:
        return _dumps(payload)
    except (TypeError, ValueError) as exc:
        raise InvalidRecordError(
            f"payload of {what} is not JSON ({exc}); pass plain str/int/float/list/dict values"
        ) from exc


# -- nested records ----------------------------------------------------------------------------


def ref_to(ref: ClaimRef) -> list[Any]:
    return [ref.document_id, ref.position]


def ref_from(value: Any) -> ClaimRef:
    document_id, position = value
    return ClaimRef(str(document_id), int(position))


def _refs_from(values: Iterable[Any]) -> tuple[ClaimRef, ...]:
    return tuple(ref_from(v) for v in values)


def _span_to(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else span.as_dict()


def _span_from(value: Any) -> Span | None:
    return None if value is None else Span(value["start"], value["end"], value["text"])


def _date_to(date: DateInterval | None) -> dict[str, Any] | None:
    if date is None:
        return None
    return {
        "start": date.start,
        "end": date.end,
        "precision": date.precision,
        "span": _span_to(date.span),
    }


def _date_from(value: Any) -> DateInterval | None:
    if value is None:
        return None
    return DateInterval(
        value["start"], value["end"], value["precision"], _span_from(value.get("span"))
    )


def _place_to(place: PlaceMention | None) -> dict[str, Any] | None:
    if place is None:
        return None
    out: dict[str, Any] = {"span": _span_to(place.span)}
    out.update({name: getattr(place, name) for name in PLACE_FIELDS})
    return out


def _place_from(value: Any) -> PlaceMention | None:
    if value is None:
        return None
    span = _span_from(value["span"])
    if span is None:
        raise ValueError("place has no span")
    return PlaceMention(span=span, **{name: value.get(name) for name in PLACE_FIELDS})


def _estimate_to(e: Estimate) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "low": e.low,
        "best": e.best,
        "high": e.high,
        "conservative": e.conservative,
        "method": e.method,
        "note": e.note,
        "claims": [ref_to(r) for r in e.claims],
    }


def _estimate_from(v: Any) -> Estimate:
    return Estimate(
        kind=v["kind"],
        low=v["low"],
        best=v["best"],
        high=v["high"],
        conservative=v["conservative"],
        method=v["method"],
        note=v.get("note", ""),
        claims=_refs_from(v.get("claims", ())),
    )


def _source_to(s: IncidentSource) -> dict[str, Any]:
    return {
        "name": s.name,
        "source_type": s.source_type,
        "document_id": s.document_id,
        "story": s.story,
        "publisher": s.publisher,
        "claim": None if s.claim is None else ref_to(s.claim),
    }


def _source_from(v: Any) -> IncidentSource:
    claim = v.get("claim")
    return IncidentSource(
        name=v["name"],
        source_type=v["source_type"],
        document_id=v["document_id"],
        story=v["story"],
        publisher=v.get("publisher"),
        claim=None if claim is None else ref_from(claim),
    )


# -- incidents ---------------------------------------------------------------------------------


def incident_to_json(incident: Incident) -> str:
    """The whole incident as one JSON object (see the module docstring)."""
    i = incident
    return _dumps(
        {
            "v": RECORD_VERSION,
            "id": i.id,
            "claims": [ref_to(r) for r in i.claims],
            "kinds": list(i.kinds),
            "estimates": [_estimate_to(e) for e in i.estimates],
            "date": _date_to(i.date),
            "place": _place_to(i.place),
            "place_document": i.place_document,
            "perpetrators": list(i.perpetrators),
            "victims": list(i.victims),
            "civilian_targeting": i.civilian_targeting,
            "sources": [_source_to(s) for s in i.sources],
            "number_of_sources": i.number_of_sources,
            "independent_sources": i.independent_sources,
            "grade": i.grade,
            "parent": i.parent,
            "aggregate": i.aggregate,
            "notes": i.notes,
            "headline": i.headline,
            "documents": list(i.documents),
            "linker": i.linker,
        }
    )


def incident_from_json(text: str) -> Incident:
    """The incident ``incident_to_json`` wrote; InvalidRecordError when ``text`` is malformed."""
    try:
        v = json.loads(text)
        if v.get("v") != RECORD_VERSION:
            raise ValueError(f"record version {v.get('v')!r}, expected {RECORD_VERSION}")
        return _incident_from(v)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidRecordError(
            f"stored incident record is malformed ({type(exc).__name__}: {exc}); {_RELINK}"
        ) from exc


def _incident_from(v: dict[str, Any]) -> Incident:
    return Incident(
        id=v["id"],
        claims=_refs_from(v["claims"]),
        kinds=tuple(v["kinds"]),
        estimates=tuple(_estimate_from(e) for e in v.get("estimates", ())),
        date=_date_from(v.get("date")),
        place=_place_from(v.get("place")),
        place_document=v.get("place_document"),
        perpetrators=tuple(v.get("perpetrators", ())),
        victims=tuple(v.get("victims", ())),
        civilian_targeting=v.get("civilian_targeting"),
        sources=tuple(_source_from(s) for s in v.get("sources", ())),
        number_of_sources=v.get("number_of_sources", 0),
        independent_sources=v.get("independent_sources", 0),
        grade=v.get("grade", "unverified"),
        parent=v.get("parent"),
        aggregate=bool(v.get("aggregate", False)),
        notes=v.get("notes", ""),
        headline=v.get("headline"),
        documents=tuple(v.get("documents", ())),
        linker=v.get("linker", ""),
    )


def incident_row(incident: Incident, *, founding_seq: int, updated_at: str) -> dict[str, Any]:
    """The ``incidents`` row: the JSON record plus the columns one filters and sorts on."""
    date, place = incident.date, incident.place
    return {
        "id": incident.id,
        "founding_seq": founding_seq,
        "parent": incident.parent,
        "record": incident_to_json(incident),
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "fatalities": incident.fatalities,
        "grade": incident.grade,
        "n_claims": len(incident.claims),
        "updated_at": updated_at,
        "linker": incident.linker or None,
    }


def incident_from(row: Row) -> Incident:
    return incident_from_json(row["record"])


# -- linker rows -------------------------------------------------------------------------------


def link_doc_row(doc: LinkDocRow) -> dict[str, Any]:
    return {
        "document_id": doc.document_id,
        "seq": doc.seq,
        "payload": encode_payload(doc.payload, f"document {doc.document_id[:12]}"),
    }


def link_doc_from(row: Row) -> LinkDocRow:
    return LinkDocRow(row["document_id"], row["seq"], json.loads(row["payload"]))


def link_claim_row(claim: LinkClaimRow) -> dict[str, Any]:
    ref = claim.ref
    return {
        "document_id": ref.document_id,
        "position": ref.position,
        "seq": claim.seq,
        "kind": claim.kind,
        "lo": claim.lo,
        "hi": claim.hi,
        "country": claim.country,
        "admin1": claim.admin1,
        "payload": encode_payload(claim.payload, f"claim {ref.document_id[:12]}:{ref.position}"),
        "incident_id": claim.incident,
    }


def link_claim_from(row: Row) -> LinkClaimRow:
    return LinkClaimRow(
        ref=ClaimRef(row["document_id"], row["position"]),
        seq=row["seq"],
        kind=row["kind"],
        lo=row["lo"],
        hi=row["hi"],
        country=row["country"],
        admin1=row["admin1"],
        payload=json.loads(row["payload"]),
        incident=row["incident_id"],
    )


# -- redirects and audit -----------------------------------------------------------------------


def redirect_row(redirect: Redirect, *, now: str) -> dict[str, Any]:
    """The ``incident_redirects`` row; ``at`` is ``now`` when the redirect has none."""
    return {
        "old_id": redirect.old_id,
        "new_id": redirect.new_id,
        "reason": redirect.reason,
        "at": redirect.at or now,
    }


def redirect_from(row: Row) -> Redirect:
    return Redirect(row["old_id"], row["new_id"], row["reason"], row["at"])


def audit_row(entry: AuditEntry, *, now: str) -> dict[str, Any]:
    """The ``incident_audit`` row (without ``id``); ``at`` is ``now`` when the entry has none."""
    return {
        "action": entry.action,
        "who": entry.who,
        "why": entry.why,
        "incidents": _dumps(list(entry.incidents)),
        "claims": _dumps([ref_to(r) for r in entry.claims]),
        "target": entry.target,
        "before": entry.before,
        "after": entry.after,
        "at": entry.at or now,
    }


def audit_from(row: Row) -> AuditEntry:
    return AuditEntry(
        action=row["action"],
        who=row["who"],
        why=row["why"],
        incidents=tuple(json.loads(row["incidents"])),
        claims=_refs_from(json.loads(row["claims"])),
        target=row["target"],
        before=row["before"],
        after=row["after"],
        at=row["at"],
        id=row["id"],
    )


def audit_mentions(entry: AuditEntry, incident_id: str) -> bool:
    """True when the entry names ``incident_id`` among its incidents or as its target."""
    return incident_id in entry.incidents or entry.target == incident_id
