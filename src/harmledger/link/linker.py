"""Linking the ledger: new documents join existing incidents or found new ones.

``link_store(store)`` restores the linker's state from the store (every linked claim's
features and incident, the guards of analysts' splits and the bonds of their merges and moves
from the audit table, and the saved linked pairs with their scores), links the claims of the
documents not linked yet, clusters again the components they touch, reconciles and nests the
incidents that changed and saves everything, the new linked pairs included, in one
transaction. A whole re-run is never needed; ``relink_store`` does one anyway (after new
weights, say), replaying the analysts' decisions so none is undone.

Writers never overwrite each other: each run reads the links' generation first and saves
with it; a save overtaken by another writer is refused and the run redone (``optimistic``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TypeVar

import numpy as np

from harmledger.errors import StaleWriteError
from harmledger.link.batch import build_incidents, members_of, stories
from harmledger.link.cluster import Guard
from harmledger.link.features import ClaimFeatures, DocFeatures, features
from harmledger.link.index import LinkIndex, LinkResult, incident_id, sorted_pairs
from harmledger.link.nest import parents
from harmledger.link.reconcile import LINKER
from harmledger.link.table import F32, I64, LinkTable
from harmledger.models import (
    AuditEntry,
    ClaimRef,
    Document,
    Extraction,
    Incident,
    LinkBatch,
    LinkClaimRow,
    LinkDocRow,
    Redirect,
)
from harmledger.store.base import Store

Progress = Callable[[int], None]
T = TypeVar("T")
log = logging.getLogger(__name__)
#: Optimistic tries of a step before it is done holding the write lock (see ``optimistic``).
STALE_RETRIES = 3
#: A saved linked pair as ``Store.link_pairs`` gives it: the claims' seqs and the score.
_PAIR = np.dtype([("a", np.int64), ("b", np.int64), ("s", np.float64)])


@dataclass
class LinkReport:
    """What one link run did, for the CLI summary."""

    documents: int = 0
    claims: int = 0
    changed: int = 0
    merged: int = 0
    incidents: int = 0
    pairs_compared: int = 0
    pairs_linked: int = 0


# -- payloads --------------------------------------------------------------------------------


def doc_payload(doc: DocFeatures) -> dict[str, object]:
    return {
        "published": doc.published,
        "text_sig": doc.text_sig.tolist(),
        "name_sig": doc.name_sig.tolist(),
        "n_names": doc.n_names,
        "title": doc.title,
        "url": doc.url,
        "means": sorted(doc.means),
        "targets": sorted(doc.targets),
        "series": doc.series,
        "victims": sorted(doc.victims),
    }


def doc_from_row(row: LinkDocRow) -> DocFeatures:
    p = row.payload
    return DocFeatures(
        document_id=row.document_id,
        published=p["published"],
        text_sig=np.asarray(p["text_sig"], dtype=np.uint32),
        name_sig=np.asarray(p["name_sig"], dtype=np.uint32),
        n_names=int(p["n_names"]),
        title=p.get("title"),
        url=p.get("url"),
        means=frozenset(p.get("means", ())),  # absent from ledgers linked before the model v3
        targets=frozenset(p.get("targets", ())),
        series=bool(p.get("series", False)),
        victims=frozenset(p.get("victims", ())),
    )


_CLAIM_FIELDS = ("lat", "lon", "admin2", "place_inferred", "low", "best", "high", "aggregate")


def claim_row(seq: int, c: ClaimFeatures, incident: str | None) -> LinkClaimRow:
    payload: dict[str, object] = {f: getattr(c, f) for f in _CLAIM_FIELDS}
    payload |= {
        "victims": sorted(c.victims),
        "perpetrators": sorted(c.perpetrators),
        "segment": c.segment,
        "dated": c.dated,
        "village": c.village,
    }
    return LinkClaimRow(c.ref, seq, c.kind, c.lo, c.hi, c.country, c.admin1, payload, incident)


def claim_from_row(row: LinkClaimRow) -> ClaimFeatures:
    p = row.payload
    return ClaimFeatures(
        ref=row.ref,
        kind=row.kind,
        lo=row.lo,
        hi=row.hi,
        country=row.country,
        admin1=row.admin1,
        victims=frozenset(p["victims"]),
        perpetrators=frozenset(p["perpetrators"]),
        segment=int(p.get("segment", 0)),
        dated=bool(p.get("dated", True)),  # a ledger linked before: its dates as they were
        village=p.get("village"),
        **{f: p[f] for f in _CLAIM_FIELDS},
    )


# -- state -----------------------------------------------------------------------------------


def split_guards(entries: Sequence[AuditEntry]) -> dict[ClaimRef, list[Guard]]:
    """Guard labels of every claim an analyst's split or move separated (see ``cluster``)."""
    guards: dict[ClaimRef, list[Guard]] = {}
    for number, entry in enumerate(entries):
        if entry.action not in {"split", "move"} or not entry.before:
            continue
        leaving = set(entry.claims)
        for group in json.loads(entry.before).values():
            for doc, pos in group:
                ref = ClaimRef(doc, pos)
                guards.setdefault(ref, []).append((number, int(ref in leaving)))
    return guards


def bond_groups(entries: Sequence[AuditEntry]) -> list[list[ClaimRef]]:
    """The claims each analyst's merge (its incidents) or move (the moved claims with the
    target's) joined, in audit order; a split made later cuts a group into the sides it
    separated (one group per set of sides that agree)."""
    later = split_guards(entries)
    groups: list[list[ClaimRef]] = []
    for number, entry in enumerate(entries):
        sides: list[tuple[dict[int, int], list[ClaimRef]]] = []
        for ref in _joined(entry):
            labels = {split: side for split, side in later.get(ref, ()) if split > number}
            for held, refs in sides:
                if all(held.get(k, v) == v for k, v in labels.items()):
                    held.update(labels)
                    refs.append(ref)
                    break
            else:
                sides.append((labels, [ref]))
        groups.extend(refs for _, refs in sides if len(refs) > 1)
    return groups


def move_pins(entries: Sequence[AuditEntry], seq: Mapping[ClaimRef, int]) -> dict[ClaimRef, str]:
    """The ids analysts' moves kept: for each incident a move left (its ``after``), its
    earliest claim (by linking ``seq``) -> its id, in audit order; a later move's pin of a
    claim or of an id replaces an earlier one. The target keeps its id and the source its
    own, whichever claim founded them (``LinkIndex.names``)."""
    pins: dict[ClaimRef, str] = {}
    for entry in entries:
        if entry.action != "move" or not entry.after:
            continue
        for name, group in json.loads(entry.after).items():
            refs = [ClaimRef(d, p) for d, p in group if ClaimRef(d, p) in seq]
            if not refs:
                continue
            first = min(refs, key=seq.__getitem__)
            for old in [r for r, i in pins.items() if i == name or r == first]:
                del pins[old]
            pins[first] = name
    return pins


def _joined(entry: AuditEntry) -> list[ClaimRef]:
    if entry.action == "merge":
        return list(entry.claims)
    if entry.action == "move" and entry.after and entry.claims:
        groups = [[ClaimRef(d, p) for d, p in g] for g in json.loads(entry.after).values()]
        return next((g for g in groups if entry.claims[0] in g), [])
    return []


def restore(store: Store, *, pairs: bool = False) -> LinkIndex:
    """The linker's state as saved: features, incidents, guards and bonds; with ``pairs``,
    the linked pairs too, with their scores, whose components are joined.

    The pairs are read from the store (``Store.link_pairs``), not scored again. A ledger
    linked before the store kept pairs (migration ``m004_link_pairs``) has linked claims of two
    or more documents and no saved pair: then, and only then, the pairs are scored again from
    the saved features (``LinkIndex.linked_pairs(0)``, about the cost of linking the ledger
    once), and ``link_store`` saves them in that run's batch so that the next run reads them. A
    ledger of two or more documents none of whose claims link looks the same, and is scored
    again on each run (finding nothing, as before pairs were saved)."""
    return _restore(store, pairs)[0]


def _restore(store: Store, pairs: bool) -> tuple[LinkIndex, int]:
    """``restore``, and how many of the index's kept pairs (the first ones) the store holds
    already: all of them, or none when they were scored again."""
    index = LinkIndex()
    docs = [doc_from_row(r) for r in store.link_docs()]
    rows = list(store.link_claims())
    index.append(docs, [(r.seq, claim_from_row(r)) for r in rows])
    index.grow()
    first: dict[str, int] = {}
    for item, row in enumerate(rows):
        index.ids[item] = row.incident or ""
        if row.incident:
            index.uf.union(first.setdefault(row.incident, item), item)
            index.cluster[item] = first[row.incident]
    audit = store.audit()
    add_guards(index, rows, split_guards(audit))
    add_bonds(index, bond_groups(audit))
    index.pins = move_pins(audit, {r.ref: r.seq for r in rows})
    i = j = np.zeros(0, np.int64)
    saved = 0
    if pairs and rows:
        _warn_if_other_model(store)
        i, j, s, rescored = saved_pairs(store, index, len(docs))
        index.keep(i, j, s)
        saved = 0 if rescored else len(index.pairs[0])
    index.join(i, j)
    return index, saved


def _warn_if_other_model(store: Store) -> None:
    """Say so when the saved pairs were scored by another link model than this one: they
    are kept (an incremental run never rescores the ledger), so new and old scores mix until
    ``harmledger incidents relink`` scores every pair with this model."""
    saved = store.link_model()
    if saved is not None and saved != LINKER:
        log.warning(
            "this ledger was linked with %s and is now linked with %s; run"
            " 'harmledger incidents relink' to score every pair with the new model",
            saved,
            LINKER,
        )


def saved_pairs(store: Store, index: LinkIndex, n_docs: int) -> tuple[I64, I64, F32, bool]:
    """The saved linked pairs as rows of the index's table (pairs of a seq not linked are
    left out), sorted as ``LinkIndex.linked_pairs`` sorts them, with their scores; and whether
    they were scored again instead (a ledger of ``n_docs`` > 1 documents that saved none: see
    ``restore``)."""
    t = index.table
    assert t is not None
    found = np.fromiter(store.link_pairs(), _PAIR)
    if not len(found) and n_docs > 1:
        i, j, s, _ = index.linked_pairs(0)
        return i, j, s, True
    i, j = _rows_of(t.seq, found["a"]), _rows_of(t.seq, found["b"])
    known = (i >= 0) & (j >= 0)
    s = found["s"][known].astype(np.float32)
    return (*sorted_pairs(i[known], j[known], s, len(t)), False)


def _rows_of(seq: I64, wanted: I64) -> I64:
    """The row of each of the ``wanted`` seqs in the ascending ``seq``; -1 where none is."""
    if not len(seq):
        return np.full(len(wanted), -1, np.int64)
    at = np.minimum(np.searchsorted(seq, wanted), len(seq) - 1)
    return np.where(seq[at] == wanted, at, -1).astype(np.int64)


def seq_pairs(t: LinkTable, kept: tuple[I64, I64, F32]) -> list[tuple[int, int, float]]:
    """Kept pairs of rows of ``t`` as the store saves them: ``(seq_a, seq_b, score)``."""
    i, j, s = kept
    return list(zip(t.seq[i].tolist(), t.seq[j].tolist(), s.tolist(), strict=True))


def add_bonds(index: LinkIndex, groups: Iterable[Sequence[ClaimRef]]) -> None:
    """Bond the claims of each group (those still linked)."""
    where = index.rows_by_ref()
    for refs in groups:
        items = [where[r] for r in refs if r in where]
        for a, b in pairwise(items):
            index.bonds.union(a, b)


def add_guards(
    index: LinkIndex, rows: Sequence[LinkClaimRow], guards: Mapping[ClaimRef, list[Guard]]
) -> None:
    """Put each claim's guard labels on its set; a set holding both sides of a split (an
    analyst merged them again) drops that guard."""
    void: set[tuple[int, int]] = set()
    for item, row in enumerate(rows):
        root = index.uf.find(item)
        held = index.uf.guards.setdefault(root, {})
        for split, side in guards.get(row.ref, ()):
            if held.get(split, side) != side:
                void.add((root, split))
            held[split] = side
    for root, split in void:
        index.uf.guards[root].pop(split, None)


def new_features(
    pending: Iterable[tuple[Document, Extraction]], start: int
) -> tuple[list[DocFeatures], list[tuple[int, ClaimFeatures]], list[LinkDocRow]]:
    """Features of unlinked documents, with linking seqs from ``start`` on (storage order)."""
    docs, claims, rows = [], [], []
    seq = start
    for document, extraction in pending:
        doc, found = features(document, extraction)
        docs.append(doc)
        rows.append(LinkDocRow(document.id, seq, doc_payload(doc)))
        seq += 1
        for c in found:
            claims.append((seq, c))
            seq += 1
    return docs, claims, rows


# -- linking ---------------------------------------------------------------------------------


def records_for(
    store: Store, document_ids: Iterable[str]
) -> dict[str, tuple[Document, Extraction]]:
    out = {}
    for doc_id in set(document_ids):
        out[doc_id] = (store.get_document(doc_id), store.extraction(doc_id))
    return out


def reconciled(
    store: Store, index: LinkIndex, groups: Mapping[str, Sequence[int]]
) -> dict[str, Incident]:
    t = index.table
    assert t is not None
    docs = {t.doc_ids[int(t.doc[x])] for items in groups.values() for x in items}
    return build_incidents(index, groups, records_for(store, docs))


def nest_all(
    store: Store, changed: Mapping[str, Incident], gone: Iterable[str]
) -> dict[str, Incident]:
    """The changed incidents with their parents, and every stored incident whose parent
    changed because of them."""
    pool = {i.id: i for i in all_incidents(store)}
    for old in gone:
        pool.pop(old, None)
    pool.update(changed)
    found = parents(pool.values())
    return {
        inc_id: replace(inc, parent=found.get(inc_id))
        for inc_id, inc in pool.items()
        if inc_id in changed or found.get(inc_id) != inc.parent
    }


def all_incidents(store: Store) -> list[Incident]:
    """Every live incident, the top-level ones first (by date), then their children."""
    top = list(store.incidents())
    return top + [c for i in top for c in store.incidents(parent=i.id)]


def save(
    store: Store,
    index: LinkIndex,
    result: LinkResult,
    incidents: Mapping[str, Incident],
    new_docs: Sequence[LinkDocRow],
    new_claims: Sequence[tuple[int, ClaimFeatures]],
    *,
    pairs: Sequence[tuple[int, int, float]] = (),
    replace_pairs: bool = False,
    audit: AuditEntry | None = None,
    clear: bool = False,
    expect: int | None = None,
) -> None:
    """Save a run in one transaction: the new link rows and linked ``pairs`` (all of them,
    replacing the saved ones, with ``replace_pairs``), the ``incidents`` that changed,
    redirects, retired ids; with ``clear`` every incident is deleted first (a relink), with
    ``audit`` the analyst's decision is recorded. ``expect``: the generation the run read the
    ledger at (``Store.save_links`` refuses a stale save)."""
    t = index.table
    assert t is not None
    seq_of = {c.ref: s for s, c in new_claims}
    claim_rows = [claim_row(seq_of[c.ref], c, None) for _, c in new_claims]
    assignments = {}
    for inc_id in incidents:
        for ref in incidents[inc_id].claims:
            assignments[ref] = inc_id
    founding = {i: min(int(t.seq[x]) for x in items) for i, items in result.changed.items()}
    founding |= store.incident_founding([i for i in incidents if i not in founding])
    redirects = [Redirect(old, new, "merge") for old, new in result.merged.items()]
    store.save_links(
        LinkBatch(
            docs=new_docs,
            claims=claim_rows,
            incidents=[(inc, founding[i]) for i, inc in incidents.items()],
            assignments=assignments,
            redirects=redirects,
            retired=sorted(result.merged),
            pairs=pairs,
            replace_pairs=replace_pairs,
            link_model=LINKER if new_docs or replace_pairs else None,
        ),
        audit=audit,
        clear=clear,
        expect=expect,
    )


def optimistic(store: Store, step: Callable[[int], T]) -> T:
    """Run ``step(generation)``: it reads the ledger, computes, and saves with
    ``expect=generation``. When another writer commits in between, the save is refused
    (``StaleWriteError``, nothing written) and the step is run again on what is there now, up
    to ``STALE_RETRIES`` times; then once more holding the write lock from read to write, so
    that it finishes. A stale write is never saved, so no decision and no claim is lost."""
    for attempt in range(STALE_RETRIES):
        try:
            return step(store.link_generation())
        except StaleWriteError:
            log.info("another writer saved links meanwhile; redoing (try %d)", attempt + 2)
    with store.write_lock():
        return step(store.link_generation())


def link_store(store: Store, *, tick: Progress | None = None) -> LinkReport:
    """Link every stored document not linked yet; returns what changed. The linked pairs are
    restored from the store (see ``restore``); those this run finds are saved with the rest.
    A run overtaken by another writer (an ingest, an analyst) is redone (``optimistic``)."""
    report = optimistic(store, lambda generation: _link_once(store, generation))
    if tick:
        tick(report.documents)
    return report


def _link_once(store: Store, generation: int) -> LinkReport:
    """One link run on the ledger as read at ``generation``."""
    index, saved = _restore(store, True)
    pending = list(store.unlinked_documents())
    docs, claims, doc_rows = new_features(pending, store.max_link_seq() + 1)
    result = index.add(docs, claims)
    changed = reconciled(store, index, result.changed)
    updates = nest_all(store, changed, result.merged)
    t = index.table
    new_pairs = [] if t is None else seq_pairs(t, index.kept_since(saved))
    save(store, index, result, updates, doc_rows, claims, pairs=new_pairs, expect=generation)
    return LinkReport(
        documents=len(pending),
        claims=len(claims),
        changed=len(result.changed),
        merged=len(result.merged),
        incidents=len(index.incidents()),
        pairs_compared=result.pairs_compared,
        pairs_linked=result.pairs_linked,
    )


__all__ = [
    "LinkReport", "bond_groups", "incident_id", "link_store", "members_of", "optimistic",
    "restore", "stories",
]  # fmt: skip
