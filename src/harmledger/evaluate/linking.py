"""The link task's run: extract every document, link them all, predict incidents and counts.

Unlike the other tasks the documents are not scored one by one: the prediction of a document
is the incident it was linked to, so the whole sample is linked together, in file order. A
sample is drawn by gold incident (all documents of ``limit`` incidents), since a random
sample of documents would break most incidents apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from harmledger.export.eval import eval_incident
from harmledger.link.batch import link_documents
from harmledger.models import Document, Extraction, Rejection
from harmledger.pipeline import extract_records
from harmledger.settings import Settings


def sample_incidents(
    gold: Mapping[str, Mapping[str, Any]], limit: int | None, seed: int = 0
) -> set[str]:
    """Ids of the documents of ``limit`` gold incidents drawn with ``seed`` (all without one)."""
    if limit is None:
        return set(gold)
    incidents = sorted({str(g["incident"]) for g in gold.values()})
    chosen = set(random.Random(seed).sample(incidents, min(limit, len(incidents))))
    return {i for i, g in gold.items() if str(g["incident"]) in chosen}


def predict_link(
    docs: Sequence[Mapping[str, Any]],
    settings: Settings,
    *,
    origin: str = "eval",
    progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], int]:
    """Predictions keyed by document id, predicted incidents keyed by id, rejected count."""
    records = ((f"{origin}#{d.get('id')}", dict(d)) for d in docs)
    tick = progress or (lambda _n: None)
    pairs: list[tuple[Document, Extraction]] = []
    document_of: dict[str, str] = {}
    rejected = 0
    for rid, document, result in extract_records(records, settings, tick=tick):
        if document is None or isinstance(result, Rejection):
            rejected += 1
            continue
        pairs.append((document, result))
        document_of[rid] = document.id
    incident_ids, incidents = link_records(pairs, document_of)
    predictions = {str(d["id"]): {"id": str(d["id"]), "incidents": []} for d in docs}
    for rid, ids in incident_ids.items():
        predictions[rid]["incidents"] = ids
    return predictions, incidents, rejected


def link_records(
    pairs: Sequence[tuple[Document, Extraction]], document_of: Mapping[str, str]
) -> tuple[dict[str, list[str]], dict[str, dict[str, Any]]]:
    """Link ``pairs``; return each record's incident ids (main first; ``document_of`` maps
    record ids to document ids) and the incidents file rows, each listing the records whose
    main incident it is."""
    linked = link_documents(pairs)
    incident_ids: dict[str, list[str]] = {}
    members: dict[str, list[str]] = {}
    for rid, doc_id in document_of.items():
        incident_ids[rid] = linked.by_document.get(doc_id, [])
        for incident_id in incident_ids[rid][:1]:
            members.setdefault(incident_id, []).append(rid)
    rows = {i: eval_incident(inc, members.get(i, [])) for i, inc in linked.incidents.items()}
    return incident_ids, rows
