"""Predictions in the format of ``shared/eval/README.md``, one JSON object per document.

``export_eval_jsonl(document, extraction)`` builds the object: ``id`` (the id as given in
the input, i.e. ``external_id`` when there is one), ``claims`` (event claims of harm),
``cumulative`` (background totals with their period, never an incident's toll),
``stated_zero`` (tolls the text gives as zero, which the gold writes as no count), ``places``,
``quotes``,
``incidents`` (empty unless linking ran: then the document's incident ids, main first) and,
for HTML input only, the cleaned ``text`` that the offsets point into. ``eval_incident`` is
one line of the link task's incidents file. ``export_eval_jsonl`` writes everything, as
scoring against gold data needs; ``export_eval_jsonl_store`` (``harmledger export -f
eval-jsonl``) is a ledger output like the others: unless ``include_names=True`` the names of
private persons are ``"[name withheld]"`` in every mention text and in the HTML ``text``
(offsets then still point into the stored text, not into the withheld one).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from harmledger.export.eval_roles import with_model_roles
from harmledger.extract.plain import attackers_only
from harmledger.extract.quotes import attributions
from harmledger.extract.zeros import is_event_harm, is_stated_zero
from harmledger.models import (
    Claim,
    Count,
    Document,
    Estimate,
    Extraction,
    Incident,
    PlaceMention,
    Quote,
    Span,
)
from harmledger.redact import Redactor, redacted_extraction
from harmledger.store.base import Store


def _mention(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "start": span.start, "end": span.end}


def _pair(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def victims_count(claim: Claim) -> Count:
    """The count the roles format gives a claim: the victims' toll. Those killed are counted
    without the attackers the text names among the dead ("At least 24 soldiers and 18
    assailants were killed": 24 or more), as MUC-4 counts its human targets and GTD its
    ``nkill`` less ``nkillter``; the wounded keep the whole figure (GTD codes no attackers
    among them), unless only the attackers' number is unknown ("three guards and an unknown
    number of gunmen were wounded": 3, the one figure the text gives). A statement that
    only attackers died keeps its figure (``roles_claims``).
    The claim keeps both: the ledger's tolls count everyone."""
    xa = claim.excluding_attackers
    if xa is None or attackers_only(claim):
        return claim.count
    if claim.kind == "killed":
        return xa
    if claim.count.qualifier == "plural" and claim.count.high is None and xa.high is not None:
        return xa  # "three guards and an unknown number of gunmen were wounded": 3
    return claim.count


def eval_claim(claim: Claim) -> dict[str, Any]:
    """One claim of the prediction format (plus the ignored extras trigger and source_type)."""
    attr, date, count = claim.attribution, claim.date, victims_count(claim)
    return {
        "kind": claim.kind,
        "low": count.low,
        "best": count.best,
        "high": count.high,
        "qualifier": count.qualifier,
        "span": _pair(claim.span),
        "perpetrators": [_mention(a.span) for a in claim.perpetrators],
        "victims": [_mention(a.span) for a in claim.victims],
        "targets": [_mention(s) for s in claim.targets],
        "places": [_mention(s) for s in claim.places],
        "source": _mention(attr.source) if attr else None,
        "date": {"start": date.start, "end": date.end} if date else None,
        "trigger": _mention(claim.trigger),
        "source_type": attr.source_type if attr else None,
    }


def roles_claims(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """The document's event claims of harm, each with its victims' toll (``victims_count``).
    A statement that only attackers died ("Police killed two assailants") gives no victims'
    toll when another statement of the document counts victims who died: its figure is
    left out (``"attackers_only": true``), the claim and its roles kept. So is the figure of
    one below the document's largest statement of attackers killed (``_smaller``)."""
    events = [c for c in claims if _harm(c)]
    victims_died = any(
        c.kind == "killed" and c.count.low is not None and not attackers_only(c) for c in events
    )
    attackers = [c for c in events if c.kind == "killed" and attackers_only(c)]
    largest = max(attackers, key=lambda c: c.count.low or 0, default=None)
    out: list[dict[str, Any]] = []
    for claim in events:
        record = eval_claim(claim)
        if claim in attackers and (victims_died or _smaller(claim, largest)):
            record.update(low=None, best=None, high=None, qualifier="unknown", attackers_only=True)
        out.append(record)
    return out


def _smaller(claim: Claim, largest: Claim | None) -> bool:
    """A statement of attackers killed below the largest one of its document: "One bomber
    was shot ... The two assailants were killed" counts the same two, in part."""
    low, top = claim.count.low, largest.count.low if largest is not None else None
    return low is not None and top is not None and low < top


def _stated_zero(claim: Claim) -> bool:
    return not claim.cumulative and is_stated_zero(claim)


def _harm(claim: Claim) -> bool:
    """An event claim of harm: neither a background total nor a toll stated as zero."""
    return is_event_harm(claim)


def cumulative_claim(claim: Claim) -> dict[str, Any]:
    """A background total: the claim's fields and its period (start and end, None: open)."""
    period = claim.period
    return {
        **eval_claim(claim),
        "period": {"start": period.start, "end": period.end} if period else None,
        "period_text": _mention(period.span) if period else None,
    }


def eval_place(place: PlaceMention) -> dict[str, Any]:
    return {
        **(_mention(place.span) or {}),
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "country": place.country,
        "admin1": place.admin1,
    }


def eval_quote(quote: Quote) -> dict[str, Any]:
    return {
        "content": _pair(quote.content),
        "cue": _pair(quote.cue),
        "speaker": _mention(quote.speaker),
    }


def export_eval_jsonl(document: Document, extraction: Extraction) -> dict[str, Any]:
    """The prediction object of one document."""
    record: dict[str, Any] = {
        "id": document.external_id if document.external_id is not None else document.id,
        # the roles the role model decides take its fillers (export/eval_roles.py)
        "claims": with_model_roles(roles_claims(extraction.claims), extraction),
        # tolls stated as zero ("no reported casualties"): the gold formats write "no such
        # effect" as no count at all, so they are listed apart (an extra the scorers ignore)
        "stated_zero": [eval_claim(c) for c in extraction.claims if _stated_zero(c)],
        # background totals: context, never an incident's toll (an extra the scorers ignore)
        "cumulative": [cumulative_claim(c) for c in extraction.claims if c.cumulative],
        "places": [eval_place(p) for p in extraction.places],
        # one record per attribution: a quote split by "he said" is one quote, as in the gold
        "quotes": [eval_quote(q) for q in attributions(extraction.quotes, document.text)],
        "incidents": [],
    }
    if document.format == "html":
        record["text"] = document.text
    return record


def export_eval_jsonl_store(store: Store, out: TextIO, *, include_names: bool = False) -> int:
    """Write the prediction object of every stored document; return how many were written."""
    written = 0
    redactor = None if include_names else Redactor(store)
    for document in store.documents():
        extraction = store.extraction(document.id)
        if redactor is None:
            record = export_eval_jsonl(document, extraction)
        else:
            names = redactor.of(document.id)
            record = export_eval_jsonl(document, redacted_extraction(names, extraction))
            if "text" in record:
                record["text"] = names.at(0, record["text"])
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written


def _estimate(estimate: Estimate | None) -> dict[str, int | None] | None:
    if estimate is None:
        return None
    return {"low": estimate.low, "best": estimate.best, "high": estimate.high}


def eval_incident(incident: Incident, documents: list[str]) -> dict[str, Any]:
    """One line of the link task's incidents file (``documents``: ids as given in the input)."""
    place = incident.place
    return {
        "id": incident.id,
        "documents": documents,
        "killed": _estimate(incident.estimate("killed")),
        "injured": _estimate(incident.estimate("injured")),
        "date": incident.date.start if incident.date else None,
        "place": place.name if place else None,
        "city": place.name if place and (place.where_prec or 9) <= 3 else None,
        "state": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "parent": incident.parent,
        "grade": incident.grade,
    }
