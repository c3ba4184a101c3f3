"""Linking documents held in memory (no ledger): the eval and ``harmledger extract --link``.

``link_documents`` links the claims of ``(document, extraction)`` pairs in the order given,
reconciles every incident, nests the specific ones in the aggregate ones, and says which
incidents each document tells of (its main incident first).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from harmledger.link.features import ClaimFeatures, DocFeatures, claim_place, features
from harmledger.link.index import LinkIndex
from harmledger.link.member import Member
from harmledger.link.minhash import NEAR_DUPLICATE, similarity
from harmledger.link.nest import parents
from harmledger.link.reconcile import reconcile
from harmledger.link.series_share import series_claims
from harmledger.models import Claim, ClaimRef, Document, Extraction, Incident

#: Documents whose texts are this alike are one story (the comparison's near-duplicate level).
SAME_STORY = NEAR_DUPLICATE


@dataclass
class Linked:
    """Incidents by id, and each document's incident ids (its main incident first)."""

    incidents: dict[str, Incident]
    by_document: dict[str, list[str]]


def stories(index: LinkIndex, document_ids: Iterable[str]) -> dict[str, str]:
    """Document id -> story id: near-duplicate documents (copies of one wire story) share one."""
    t = index.table
    ids = sorted(set(document_ids))
    story = {d: d for d in ids}
    if t is None or len(ids) < 2:
        return story
    rows = np.asarray([index.doc_index[d] for d in ids])
    sig = t.text_sig[rows]
    for a in range(len(ids)):
        sims = similarity(np.repeat(sig[a : a + 1], len(ids) - a - 1, axis=0), sig[a + 1 :])
        for k in np.flatnonzero(sims >= SAME_STORY).tolist():
            b = ids[a + 1 + k]
            story[b] = min(story[b], story[ids[a]])
    return story


def members_of(
    refs: Sequence[ClaimRef],
    records: Mapping[str, tuple[Document, Extraction]],
    story: Mapping[str, str],
) -> list[Member]:
    out = []
    series: dict[str, tuple[tuple[ClaimRef, Claim], ...]] = {}  # once per document
    for ref in refs:
        document, extraction = records[ref.document_id]
        claim = extraction.claims[ref.position]
        place, inferred = claim_place(claim, extraction.places)
        if ref.document_id not in series:
            series[ref.document_id] = series_claims(extraction.claims, ref.document_id)
        out.append(
            Member(ref, claim, place, document.published, document.title, document.url,
                   story.get(ref.document_id, ref.document_id), inferred,
                   series[ref.document_id])
        )  # fmt: skip
    return out


def refs_of(index: LinkIndex, items: Sequence[int]) -> list[ClaimRef]:
    t = index.table
    assert t is not None
    return [t.ref(x) for x in items]


def build_incidents(
    index: LinkIndex,
    groups: Mapping[str, Sequence[int]],
    records: Mapping[str, tuple[Document, Extraction]],
) -> dict[str, Incident]:
    """Reconciled incidents (without parents).

    An incident is an aggregate (it may hold children) when its largest figure comes from an
    aggregate claim, or when it holds the main story of a document that tells of a part of it
    (a claim in another segment, see ``features.segments``)."""
    t = index.table
    assert t is not None
    with_parts = set(t.doc[t.segment > 0].tolist())
    incidents: dict[str, Incident] = {}
    for incident_id, items in groups.items():
        refs = refs_of(index, items)
        story = stories(index, {r.document_id for r in refs})
        members = members_of(refs, records, story)
        whole = any(t.segment[x] == 0 and int(t.doc[x]) in with_parts for x in items)
        incidents[incident_id] = replace(
            reconcile(incident_id, members), aggregate=whole or _largest_is_aggregate(members)
        )
    return incidents


def _largest_is_aggregate(members: Sequence[Member]) -> bool:
    """An incident is an aggregate toll when its largest figure comes from an aggregate claim."""
    counted = [m for m in members if m.claim.count.low is not None]
    if not counted:
        return False
    top = max(counted, key=lambda m: m.claim.count.best or m.claim.count.low or 0)
    return top.claim.is_aggregate


def with_parents(incidents: dict[str, Incident]) -> dict[str, Incident]:
    found = parents(incidents.values())
    return {i: replace(inc, parent=found.get(i)) for i, inc in incidents.items()}


def document_incidents(index: LinkIndex) -> dict[str, list[str]]:
    """Document id -> incident ids of its claims, the one with most of its claims first."""
    t = index.table
    if t is None:
        return {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[tuple[str, str], int] = {}
    for x in range(len(t)):
        doc, inc = t.doc_ids[int(t.doc[x])], index.ids[x]
        counts[doc][inc] += 1
        first.setdefault((doc, inc), int(t.position[x]))
    return {doc: sorted(c, key=lambda i: (-c[i], first[(doc, i)])) for doc, c in counts.items()}


def link_documents(pairs: Sequence[tuple[Document, Extraction]]) -> Linked:
    """Link, reconcile and nest the claims of ``pairs`` (linking order = the order given)."""
    index = LinkIndex()
    docs: list[DocFeatures] = []
    claims: list[tuple[int, ClaimFeatures]] = []
    records = {}
    for document, extraction in pairs:
        if document.id in records:
            continue
        records[document.id] = (document, extraction)
        doc, found = features(document, extraction)
        docs.append(doc)
        claims.extend((len(claims), c) for c in found)
    index.add(docs, claims)
    incidents = build_incidents(index, index.incidents(), records)
    return Linked(with_parents(incidents), document_incidents(index))
