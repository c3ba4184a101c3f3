"""The ledger's tables and the mapping between record types and their rows.

Every value taken from text is stored as three real columns, ``<prefix>_text``,
``<prefix>_start`` and ``<prefix>_end`` (bare ``text``/``start``/``end`` in tables whose rows
are one span each), so the tables read well in Datasette. Functions here build row dicts from
records and records from ``sqlite3.Row``-like mappings; they run no SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from harmledger.models import (
    Actor,
    Attribution,
    Claim,
    Count,
    DateInterval,
    Document,
    PlaceMention,
    Quote,
    Rejection,
    RemovedSpan,
    RoleFiller,
    Span,
)

#: A stored row: a mapping, or the ``sqlite3.Row`` a query gives (indexable by column name).
Row = Mapping[str, Any] | sqlite3.Row

#: The tables of incidents and the linker's state (migrations m003 and m004,
#: ``incident_schema``).
INCIDENT_TABLES: tuple[str, ...] = (
    "link_docs",
    "link_claims",
    "link_pairs",
    "incidents",
    "incident_redirects",
    "incident_audit",
)

#: Every table of the ledger, in the order ``counts()`` reports them.
TABLES: tuple[str, ...] = (
    "documents",
    "removed_spans",
    "extractions",
    "claims",
    "claim_actors",
    "claim_places",
    "claim_relays",
    "quotes",
    "place_mentions",
    "role_fillers",
    "rejections",
    *INCIDENT_TABLES,
)

#: Tables holding the parts of a claim, in the order ``claim_from`` takes their rows.
CLAIM_CHILD_TABLES: tuple[str, ...] = ("claim_actors", "claim_places", "claim_relays")

#: The optional spans of a quote, each stored as ``<name>_text/_start/_end``.
QUOTE_SPANS: tuple[str, ...] = (
    "cue",
    "speaker",
    "speaker_name",
    "role",
    "affiliation",
    "age",
    "relayed_via",
)

PLACE_FIELDS: tuple[str, ...] = (
    "geonameid",
    "gazetteer_id",
    "name",
    "lat",
    "lon",
    "country",
    "admin1",
    "admin2",
    "feature_class",
    "geo_precision",
    "where_prec",
    "geocoder",
    "relation",
    "offset_km",
)


def span_cols(prefix: str, span: Span | None) -> dict[str, Any]:
    """``{prefix_text, prefix_start, prefix_end}`` (bare names when ``prefix`` is empty)."""
    p = f"{prefix}_" if prefix else ""
    if span is None:
        return {f"{p}text": None, f"{p}start": None, f"{p}end": None}
    return {f"{p}text": span.text, f"{p}start": span.start, f"{p}end": span.end}


def span_from(row: Row, prefix: str = "") -> Span | None:
    """The span stored under ``prefix``, or None when its columns are NULL."""
    p = f"{prefix}_" if prefix else ""
    if row[f"{p}start"] is None:
        return None
    return Span(row[f"{p}start"], row[f"{p}end"], row[f"{p}text"])


def _need_span(row: Row, prefix: str = "") -> Span:
    span = span_from(row, prefix)
    if span is None:
        raise ValueError(f"row has no {prefix or 'text'} span")
    return span


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _int(value: bool | None) -> int | None:
    return None if value is None else int(value)


# -- documents ---------------------------------------------------------------------------------


def document_row(doc: Document, *, produced_by: str, ingested_at: str) -> dict[str, Any]:
    """The ``documents`` row of ``doc`` (its removed spans go to ``removed_span_rows``)."""
    return {
        "id": doc.id,
        "origin": doc.origin,
        "format": doc.format,
        "external_id": doc.external_id,
        "url": doc.url,
        "canonical_url": doc.canonical_url,
        "title": doc.title,
        **span_cols("title_span", doc.title_span),
        "author": doc.author,
        "published": doc.published,
        "language": doc.language,
        "text": doc.text,
        "cleaner": doc.cleaner,
        "produced_by": produced_by,
        "ingested_at": ingested_at,
    }


def removed_span_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "document_id": doc.id,
            "position": i,
            "start": r.start,
            "end": r.end,
            "reason": r.reason,
            "text": r.text,
        }
        for i, r in enumerate(doc.removed_spans)
    ]


def document_from(row: Row, removed: Iterable[Row]) -> Document:
    """Rebuild a ``Document`` from its row and its ``removed_spans`` rows (in order)."""
    return Document(
        id=row["id"],
        origin=row["origin"],
        format=row["format"],
        text=row["text"],
        removed_spans=tuple(
            RemovedSpan(r["start"], r["end"], r["reason"], r["text"]) for r in removed
        ),
        external_id=row["external_id"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        title=row["title"],
        title_span=span_from(row, "title_span"),
        author=row["author"],
        published=row["published"],
        language=row["language"],
        cleaner=row["cleaner"],
    )


# -- claims ------------------------------------------------------------------------------------


def claim_row(document_id: str, position: int, claim: Claim) -> dict[str, Any]:
    """The ``claims`` row of one claim; actors, places and relays go to ``claim_child_rows``."""
    date, attr = claim.date, claim.attribution
    return {
        "document_id": document_id,
        "position": position,
        "kind": claim.kind,
        **span_cols("span", claim.span),
        **span_cols("trigger", claim.trigger),
        "low": claim.count.low,
        "best": claim.count.best,
        "high": claim.count.high,
        "qualifier": claim.count.qualifier,
        **span_cols("count", claim.count.span),
        **interval_cols("date", date),
        **span_cols("source", attr.source if attr else None),
        "source_type": attr.source_type if attr else None,
        "is_aggregate": int(claim.is_aggregate),
        "in_headline": int(claim.in_headline),
        "confidence": claim.confidence,
        "extractor": claim.extractor,
        "cumulative": int(claim.cumulative),
        **interval_cols("period", claim.period),
        **count_cols("xa", claim.excluding_attackers),
        "series_events": claim.series_events,
    }


def count_cols(prefix: str, count: Count | None) -> dict[str, Any]:
    """``<prefix>_low``, ``_best``, ``_high``, ``_qualifier`` and the count words' span."""
    return {
        f"{prefix}_low": count.low if count else None,
        f"{prefix}_best": count.best if count else None,
        f"{prefix}_high": count.high if count else None,
        f"{prefix}_qualifier": count.qualifier if count else None,
        **span_cols(prefix, count.span if count else None),
    }


def count_from(row: Row, prefix: str) -> Count | None:
    """The count ``count_cols`` wrote, None when there is none."""
    if row[f"{prefix}_qualifier"] is None:
        return None
    return Count(
        row[f"{prefix}_low"],
        row[f"{prefix}_best"],
        row[f"{prefix}_high"],
        row[f"{prefix}_qualifier"],
        span_from(row, prefix),
    )


def interval_cols(prefix: str, interval: DateInterval | None) -> dict[str, Any]:
    """The columns of a claim's date or period: ``has_<prefix>``, ``<prefix>_start``,
    ``_end``, ``_prec`` and the span of its phrase (``<prefix>_phrase_*``)."""
    return {
        f"has_{prefix}": int(interval is not None),
        f"{prefix}_start": interval.start if interval else None,
        f"{prefix}_end": interval.end if interval else None,
        f"{prefix}_prec": interval.precision if interval else None,
        **span_cols(f"{prefix}_phrase", interval.span if interval else None),
    }


def interval_from(row: Row, prefix: str) -> DateInterval | None:
    """The date or period ``interval_cols`` wrote, None when the claim has none."""
    if not row[f"has_{prefix}"]:
        return None
    return DateInterval(
        row[f"{prefix}_start"],
        row[f"{prefix}_end"],
        row[f"{prefix}_prec"],
        span_from(row, f"{prefix}_phrase"),
    )


def claim_child_rows(claim_id: int, claim: Claim) -> dict[str, list[dict[str, Any]]]:
    """Rows for ``claim_actors``, ``claim_places`` and ``claim_relays`` of one claim."""
    actors: list[dict[str, Any]] = []
    groups: list[tuple[str, Iterable[Actor]]] = [
        ("victim", claim.victims),
        ("perpetrator", claim.perpetrators),
        ("target", (Actor(s) for s in claim.targets)),
    ]
    for role, members in groups:
        for i, actor in enumerate(members):
            actors.append(
                {
                    "claim_id": claim_id,
                    "role": role,
                    "position": i,
                    **span_cols("", actor.span),
                    "group": actor.group,
                    "civilian": _int(actor.civilian),
                    "certainty": actor.certainty,
                }
            )
    relay = claim.attribution.relay if claim.attribution else ()
    return {
        "claim_actors": actors,
        "claim_places": _span_rows(claim_id, claim.places),
        "claim_relays": _span_rows(claim_id, relay),
    }


def _span_rows(claim_id: int, spans: Iterable[Span]) -> list[dict[str, Any]]:
    return [{"claim_id": claim_id, "position": i, **span_cols("", s)} for i, s in enumerate(spans)]


def claim_from(
    row: Row, actors: Sequence[Row], places: Sequence[Row], relays: Sequence[Row]
) -> Claim:
    """Rebuild a ``Claim``; the child rows must belong to it and be ordered by position."""

    def actors_of(role: str) -> tuple[Actor, ...]:
        return tuple(
            Actor(_need_span(a), a["group"], _bool(a["civilian"]), a["certainty"])
            for a in actors
            if a["role"] == role
        )

    source = span_from(row, "source")
    attribution = None
    if source is not None:
        relay = tuple(_need_span(r) for r in relays)
        attribution = Attribution(source, row["source_type"], relay)
    return Claim(
        kind=row["kind"],
        span=_need_span(row, "span"),
        trigger=_need_span(row, "trigger"),
        count=Count(
            row["low"], row["best"], row["high"], row["qualifier"], span_from(row, "count")
        ),
        victims=actors_of("victim"),
        perpetrators=actors_of("perpetrator"),
        targets=tuple(a.span for a in actors_of("target")),
        places=tuple(_need_span(p) for p in places),
        date=interval_from(row, "date"),
        attribution=attribution,
        is_aggregate=bool(row["is_aggregate"]),
        in_headline=bool(row["in_headline"]),
        confidence=row["confidence"],
        extractor=row["extractor"],
        cumulative=bool(row["cumulative"]),
        period=interval_from(row, "period"),
        excluding_attackers=count_from(row, "xa"),
        series_events=row["series_events"],
    )


# -- quotes, places, rejections ----------------------------------------------------------------


def quote_row(document_id: str, position: int, quote: Quote) -> dict[str, Any]:
    row: dict[str, Any] = {"document_id": document_id, "position": position}
    row.update(span_cols("content", quote.content))
    for name in QUOTE_SPANS:
        row.update(span_cols(name, getattr(quote, name)))
    row["direct"] = int(quote.direct)
    row["extractor"] = quote.extractor
    return row


def quote_from(row: Row) -> Quote:
    spans = {name: span_from(row, name) for name in QUOTE_SPANS}
    return Quote(
        content=_need_span(row, "content"),
        direct=bool(row["direct"]),
        extractor=row["extractor"],
        **spans,
    )


def place_row(document_id: str, position: int, place: PlaceMention) -> dict[str, Any]:
    row: dict[str, Any] = {"document_id": document_id, "position": position}
    row.update(span_cols("", place.span))
    row.update({name: getattr(place, name) for name in PLACE_FIELDS})
    return row


def place_from(row: Row) -> PlaceMention:
    return PlaceMention(span=_need_span(row), **{name: row[name] for name in PLACE_FIELDS})


def rejection_row(rejection: Rejection, *, at: str) -> dict[str, Any]:
    return {
        "origin": rejection.origin,
        "stage": rejection.stage,
        "error": rejection.error,
        "message": rejection.message,
        "content_hash": rejection.content_hash,
        "at": at,
    }


def rejection_from(row: Row) -> Rejection:
    return Rejection(row["origin"], row["stage"], row["error"], row["message"], row["content_hash"])


def role_row(document_id: str, position: int, filler: RoleFiller) -> dict[str, Any]:
    """The ``role_fillers`` row of one of the role model's fillers."""
    row: dict[str, Any] = {"document_id": document_id, "position": position, "role": filler.role}
    row.update(span_cols("", filler.span))
    row.update({"score": filler.score, "model": filler.model})
    return row


def role_from(row: Row) -> RoleFiller:
    return RoleFiller(row["role"], _need_span(row), row["score"], row["model"])
