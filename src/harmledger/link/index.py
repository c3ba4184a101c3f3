"""The linker's working state in memory: every linked claim, its features and its incident.

``LinkIndex.add`` links a batch of new claims to everything already there and to each other,
and says which incidents changed and which ids were merged away. Candidate pairs for the new
claims are found exactly as ``blocking.candidate_pairs`` finds them for a whole table (the
same blocks, the same date window); the linked pairs are kept with their scores, joined into
single-link components (union-find), and every component a batch touches is clustered again
from its kept pairs by average link (``average``), so adding in batches gives the incidents
that adding at once gives. An incident's id is a function of its founding claim (the claim
with the lowest linking ``seq``): new reports never change it; a merge keeps the older id.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from harmledger.link import average, blocking
from harmledger.link.cluster import UnionFind
from harmledger.link.compare import F32, THRESHOLD, low_bits
from harmledger.link.features import ClaimFeatures, DocFeatures
from harmledger.link.prune import score
from harmledger.link.table import I64, UNKNOWN, Interner, LinkTable
from harmledger.models import ClaimRef

ID_PREFIX = "inc-"
#: Pairs scored at once: bounds the comparison matrix (a float32 column a feature).
SCORE_CHUNK = 1 << 21
#: Chunks of pairs scored at once, each in a thread (at most two: the target machine's cores).
SCORE_THREADS = max(1, min(2, len(os.sched_getaffinity(0))))
_EMPTY = np.zeros(0, np.int64)


def incident_id(document_id: str, position: int) -> str:
    """The id an incident founded by this claim gets: stable, readable, never reused."""
    digest = hashlib.sha1(f"{document_id}:{position}".encode()).hexdigest()
    return ID_PREFIX + digest[:12]


def founded_by(t: LinkTable, row: int) -> str:
    """The id of the incident whose founding claim is ``row``."""
    ref = t.ref(row)
    return incident_id(ref.document_id, ref.position)


@dataclass
class LinkResult:
    """What one ``add`` changed: incident id -> its items now, and merged-away ids."""

    changed: dict[str, list[int]] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)  # old id -> surviving id
    pairs_compared: int = 0
    pairs_linked: int = 0


class LinkIndex:
    """All linked claims (rows of one growing ``LinkTable``) and their incidents.

    Per item (row): ``ids`` its incident id, ``cluster`` its incident's founding item (-1 for
    an item not clustered yet), ``comp`` the union-find root of its component when last
    clustered. ``uf`` holds the single-link components (with analysts' split guards),
    ``bonds`` the claims an analyst joined (one cluster, whatever the scores), ``pairs`` the
    linked pairs of claims of two documents with their scores."""

    def __init__(self, window: int = blocking.WINDOW_DAYS) -> None:
        self.window = window
        self.places = Interner()
        self.table: LinkTable | None = None
        self.uf = UnionFind(0)
        self.bonds = UnionFind(0)
        self.ids: list[str] = []  # incident id per item
        self.cluster = np.zeros(0, np.int64)
        self.comp = np.zeros(0, np.int64)
        self.pairs: tuple[I64, I64, F32] = (_EMPTY, _EMPTY, np.zeros(0, np.float32))
        self.lsh = blocking.new_lsh_indexes()
        self.lsh_pairs: tuple[I64, I64] = (np.zeros(0, np.int64), np.zeros(0, np.int64))
        self.doc_index: dict[str, int] = {}
        #: Ids analysts' moves kept (``linker.move_pins``): a cluster holding the claim is
        #: named so, unless another cluster holds that id now.
        self.pins: dict[ClaimRef, str] = {}

    def __len__(self) -> int:
        return 0 if self.table is None else len(self.table)

    # -- adding -----------------------------------------------------------------------------

    def add(
        self,
        docs: Sequence[DocFeatures],
        claims: Sequence[tuple[int, ClaimFeatures]],
    ) -> LinkResult:
        """Link ``claims`` (``(seq, features)``, seq above every seq already here)."""
        new_docs = [d for d in docs if d.document_id not in self.doc_index]
        start = len(self)
        self.append(new_docs, claims)
        return self.add_rows(start)

    def add_rows(self, start: int) -> LinkResult:
        """Link rows ``start..`` of the table (already appended) to the rest."""
        t = self.table
        result = LinkResult()
        if t is None or start >= len(t):
            return result
        self.grow()
        i, j, s, result.pairs_compared = self.linked_pairs(start)
        result.pairs_linked = len(i)
        self.keep(i, j, s)
        old = np.unique(np.concatenate([i[i < start], j[j < start]]))
        self._union(i, j)
        touched = np.flatnonzero(np.isin(self.comp[:start], self.comp[old]))
        self.recluster(np.concatenate([touched, np.arange(start, len(t))]), result)
        return result

    def grow(self) -> None:
        """Per-item state for rows appended since (a new row is alone, not clustered yet)."""
        t = self.table
        n, have = (0 if t is None else len(t)), len(self.cluster)
        self.uf.grow(n)
        self.bonds.grow(n)
        self.ids.extend([""] * (n - len(self.ids)))
        self.cluster = np.concatenate([self.cluster, np.full(n - have, -1, np.int64)])
        self.comp = np.concatenate([self.comp, np.arange(have, n, dtype=np.int64)])

    def keep(self, i: I64, j: I64, s: F32) -> None:
        """Keep the linked pairs of claims of two documents, with their scores."""
        t = self.table
        assert t is not None
        cross = t.doc[i] != t.doc[j]
        self.pairs = tuple(  # type: ignore[assignment]
            np.concatenate([kept, new[cross]])  # type: ignore[index]
            for kept, new in zip(self.pairs, (i, j, s), strict=True)
        )

    def kept_since(self, start: int) -> tuple[I64, I64, F32]:
        """The kept pairs from the ``start``-th on: with ``start`` the number kept before a
        batch (``len(self.pairs[0])``), the pairs that batch kept, in the order kept."""
        i, j, s = self.pairs
        return i[start:], j[start:], s[start:]

    def linked_pairs(self, start: int) -> tuple[I64, I64, F32, int]:
        """The candidate pairs from ``start`` on that score above ``THRESHOLD``, sorted, their
        scores, and how many pairs were compared. Pairs are made and scored chunk by chunk
        (never all in memory), ``SCORE_THREADS`` chunks at a time (numpy lets go of the GIL)."""
        t = self.table
        assert t is not None
        found: list[tuple[I64, I64, F32]] = [(_EMPTY, _EMPTY, np.zeros(0, np.float32))]
        compared = 0
        pending: deque[Future[tuple[I64, I64, F32]]] = deque()
        with ThreadPoolExecutor(SCORE_THREADS) as pool:
            for i, j in _batched(self.new_pair_chunks(start), SCORE_CHUNK):
                pending.append(pool.submit(_linked, t, i, j))
                compared += len(i)
                while len(pending) > SCORE_THREADS or (pending and pending[0].done()):
                    found.append(pending.popleft().result())
            found.extend(future.result() for future in pending)
        i, j, s = (np.concatenate(column) for column in zip(*found, strict=True))
        return (*sorted_pairs(i, j, s, len(t)), compared)

    def join(self, i: I64, j: I64) -> None:
        """Union the pairs ``(i, j)`` (with guards, in order) and note every item's component."""
        self.grow()
        self._union(i, j)
        find = self.uf.find
        self.comp = np.fromiter((find(x) for x in range(len(self.comp))), np.int64, len(self.comp))

    def _union(self, i: I64, j: I64) -> None:
        """Union the linked pairs, in order. Without guards (no analyst's split) the order
        does not matter: each claim is joined to the first claim of its component instead."""
        if self.uf.guards:
            for a, b in zip(i.tolist(), j.tolist(), strict=True):
                self.uf.union(a, b)
            return
        for a, b in zip(*(x.tolist() for x in components(i, j)), strict=True):
            self.uf.union(a, b)

    def append(
        self, docs: Sequence[DocFeatures], claims: Sequence[tuple[int, ClaimFeatures]]
    ) -> None:
        """Add documents and claims to the table without linking them (see ``add_rows``)."""
        seqs = [s for s, _ in claims]
        floor = int(self.table.seq.max()) if self.table is not None and len(self.table) else -1
        if seqs and (min(seqs) <= floor or any(b <= a for a, b in pairwise(seqs))):
            raise ValueError("claims must come in linking order: seq above every linked seq")
        part = LinkTable.from_features(docs, claims, self.places)
        offset = 0 if self.table is None else len(self.table.doc_ids)
        part.doc = part.doc + offset
        for k, d in enumerate(docs):
            self.doc_index[d.document_id] = offset + k
        self.table = part if self.table is None else concat(self.table, part)
        self.lsh_pairs = blocking.lsh_doc_pairs(self.table, offset, self.lsh)
        self.ids.extend([""] * len(part))

    # -- candidates -------------------------------------------------------------------------

    def new_pairs(self, start: int) -> tuple[I64, I64]:
        """Candidate pairs with at least one item at or after ``start``, each once, sorted."""
        t = self.table
        assert t is not None
        return blocking.unique_pairs(*blocking.gather(self.new_pair_chunks(start)), len(t) + 1)

    def new_pair_chunks(self, start: int) -> Iterator[tuple[I64, I64]]:
        """``new_pairs`` in disjoint chunks (``blocking.candidate_chunks``)."""
        t = self.table
        assert t is not None
        rows = None if start == 0 else self._place_rows(start)
        blocks = blocking.place_blocks(t, self.window, rows=rows)
        yield from blocking.candidate_chunks(t, blocks, self.lsh_pairs, start, rows)

    def _place_rows(self, start: int) -> I64:
        """The new dated rows and the old ones that share a block with one of them and lie
        near the dates of that block's new rows."""
        t = self.table
        assert t is not None
        new = np.arange(start, len(t), dtype=np.int64)
        dated = new[t.lo[new] != UNKNOWN]
        if dated.size == 0:
            return dated
        old = np.arange(start, dtype=np.int64)
        old = old[t.lo[old] != UNKNOWN]
        wanted = np.zeros(len(old), dtype=bool)
        for old_keys, new_keys in zip(
            blocking.block_passes(t, old), blocking.block_passes(t, dated), strict=True
        ):
            wanted |= _near_in_time(t, old, old_keys, dated, new_keys, self.window)
        return np.concatenate([old[wanted], dated])

    # -- incidents --------------------------------------------------------------------------

    def recluster(self, items: I64, result: LinkResult) -> None:
        """Cluster again, by average link over their kept pairs, the components of ``items``
        (which must hold every item of those components), and give each cluster its id."""
        t = self.table
        assert t is not None
        items = np.unique(items)
        find = self.uf.find
        roots = np.fromiter((find(x) for x in items.tolist()), np.int64, len(items))
        self.comp[items] = roots
        at = np.full(len(t), -1, np.int64)
        at[items] = np.arange(len(items))
        pi, pj, ps = self.pairs
        inside = (at[pi] >= 0) & (at[pj] >= 0)
        inside[inside] = self.comp[pi[inside]] == self.comp[pj[inside]]  # not refused by a guard
        bond = items  # no analyst's bond: each item alone
        if max(self.bonds.size, default=1) > 1:
            bond = np.fromiter((self.bonds.find(x) for x in items.tolist()), np.int64, len(items))
        first = average.clusters(
            roots, t.doc[items].astype(np.int64), t.segment[items].astype(np.int64), bond,
            (at[pi[inside]], at[pj[inside]], ps[inside]),
        )  # fmt: skip
        self.relabel(items, items[first], result)

    def relabel(self, items: I64, founders: I64, result: LinkResult) -> None:
        """Put ``items`` in the clusters founded by ``founders`` (one per item; together the
        whole of the clusters they held before), give each cluster the id of its founding
        claim, and record in ``result`` the clusters that changed and the ids that no longer
        name a cluster (each with the id of the cluster now holding its founding claim)."""
        t = self.table
        assert t is not None
        before = self.cluster[items]
        self.cluster[items] = founders
        names = self.names(items, founders)
        live = set(names.values())
        old_ids = {f: self.ids[f] for f in np.unique(before[before >= 0]).tolist()}
        for x, f in zip(items.tolist(), founders.tolist(), strict=True):
            self.ids[x] = names[f]
        for f, old in old_ids.items():
            if old and old not in live:
                result.merged[old] = self.ids[f]
        for f, members in _changed(items, before, founders, len(t)).items():
            result.changed[names[f]] = members

    def names(self, items: I64, founders: I64) -> dict[int, str]:
        """Founding item -> id of the clusters ``founders`` (one per item of ``items``): the
        id of its founding claim, or the id a move pinned to one of its claims (in pin order)
        when no other cluster holds that id."""
        t = self.table
        assert t is not None
        names = {f: founded_by(t, f) for f in np.unique(founders).tolist()}
        if not self.pins:
            return names
        founder_of = dict(zip(items.tolist(), founders.tolist(), strict=True))
        inside = np.zeros(len(t), bool)
        inside[items] = True
        taken = set(names.values()) | {self.ids[x] for x in np.flatnonzero(~inside).tolist()}
        where = self.rows_by_ref()
        for ref, name in self.pins.items():
            f = founder_of.get(where.get(ref, -1))
            if f is None or names[f] == name or name in taken:
                continue
            taken.discard(names[f])
            names[f] = name
            taken.add(name)
        return names

    def force_union(self, items: Sequence[int], *, clusters: bool = True) -> None:
        """Join ``items`` whatever the guards say (an analyst's merge), dropping the guards that
        would have refused it: one component, one bond (average link never parts them) and,
        with ``clusters``, one cluster now (``reassign`` gives it its id)."""
        self.grow()
        for a, b in pairwise(items):
            self.bonds.union(a, b)
            ra, rb = self.uf.find(a), self.uf.find(b)
            if ra == rb:
                continue
            ga, gb = self.uf.guards.get(ra, {}), self.uf.guards.get(rb, {})
            for split in [k for k in ga if k in gb and ga[k] != gb[k]]:
                ga.pop(split)
                gb.pop(split)
            self.uf.union(ra, rb)
        if not len(items):
            return
        joined = np.isin(self.comp, self.comp[np.asarray(items)])
        self.comp[joined] = self.uf.find(int(items[0]))
        if clusters:
            at = np.asarray(items)
            labels = self.cluster[at]
            joined = np.isin(self.cluster, labels[labels >= 0])
            joined[at] = True
            self.cluster[joined] = int(np.flatnonzero(joined)[0])

    def set_clusters(self, labels: Sequence[int]) -> None:
        """Cluster the items by ``labels`` (one per item, any numbers; ``reassign`` gives the
        clusters their ids)."""
        self.grow()
        self.cluster = average.first_of(np.asarray(labels, np.int64))

    def reassign(self, before: Sequence[str] | None = None) -> dict[str, str]:
        """Give every cluster its id again (the id of its earliest claim); returns the ids of
        ``before`` (default: the ids now) that no longer name an incident, each with the id now
        holding its founding claim."""
        t = self.table
        if t is None:
            return {}
        old = list(self.ids) if before is None else list(before)
        founder: dict[str, int] = {}
        for x, name in enumerate(old):
            if name and name not in founder:
                founder[name] = x
        lone = self.cluster < 0
        self.cluster[lone] = np.flatnonzero(lone)
        self.cluster = average.first_of(self.cluster)
        names = self.names(np.arange(len(t)), self.cluster)
        self.ids = [names[f] for f in self.cluster.tolist()]
        live = set(names.values())
        return {name: self.ids[x] for name, x in founder.items() if name not in live}

    def rows_by_ref(self) -> dict[ClaimRef, int]:
        """Each linked claim's row."""
        t = self.table
        return {} if t is None else {t.ref(x): x for x in range(len(t))}

    def items_of_ids(self, ids: Iterable[str]) -> list[int]:
        wanted = set(ids)
        if not wanted:
            return []
        return [x for x, i in enumerate(self.ids) if i in wanted]

    def incidents(self) -> dict[str, list[int]]:
        """Incident id -> its items, every incident."""
        out: dict[str, list[int]] = defaultdict(list)
        for x, i in enumerate(self.ids):
            out[i].append(x)
        return dict(out)


def _near_in_time(
    t: LinkTable, old: I64, old_keys: I64, new: I64, new_keys: I64, window: int
) -> npt.NDArray[np.bool_]:
    """Which ``old`` rows share a block with a new row and lie within ``window`` days of the
    new rows of that block (their span, per block)."""
    valid = new_keys != UNKNOWN
    keys, inverse = np.unique(new_keys[valid], return_inverse=True)
    if keys.size == 0:
        return np.zeros(len(old), dtype=bool)
    lo = np.full(keys.size, np.iinfo(np.int64).max, dtype=np.int64)
    hi = np.full(keys.size, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(lo, inverse, t.lo[new[valid]].astype(np.int64))
    np.maximum.at(hi, inverse, t.hi[new[valid]].astype(np.int64))
    at = np.clip(np.searchsorted(keys, old_keys), 0, keys.size - 1)
    same = (keys[at] == old_keys) & (old_keys != UNKNOWN)
    return same & (t.hi[old] >= lo[at] - window) & (t.lo[old] <= hi[at] + window)


def sorted_pairs(i: I64, j: I64, s: F32, n: int) -> tuple[I64, I64, F32]:
    """Pairs of rows (of a table of ``n``) with their scores in the order the index keeps
    them: by first row, then second."""
    order = np.argsort(i * (n + 1) + j, kind="stable")
    return i[order], j[order], s[order]


def _linked(t: LinkTable, i: I64, j: I64) -> tuple[I64, I64, F32]:
    s = score(t, i, j, floor=THRESHOLD)
    linked = s > THRESHOLD
    return i[linked], j[linked], s[linked]


def _changed(items: I64, before: I64, founders: I64, n: int) -> dict[int, list[int]]:
    """The clusters (founder -> items, ascending) that are not exactly a cluster of before."""
    size_now = np.bincount(founders, minlength=n)
    same = np.bincount(founders[before == founders], minlength=n)
    held = np.bincount(before[before >= 0], minlength=n)
    moved = np.flatnonzero((size_now > 0) & ((same != size_now) | (held != size_now)))
    wanted = np.isin(founders, moved)
    out: dict[int, list[int]] = {}
    for x, f in zip(items[wanted].tolist(), founders[wanted].tolist(), strict=True):
        out.setdefault(f, []).append(x)
    return out


def _batched(chunks: Iterable[tuple[I64, I64]], size: int) -> Iterator[tuple[I64, I64]]:
    """Chunks of pairs joined or cut into batches of about ``size`` pairs."""
    left: list[I64] = []
    right: list[I64] = []
    held = 0
    for a, b in chunks:
        for k in range(0, len(a), size):
            left.append(a[k : k + size])
            right.append(b[k : k + size])
            held += len(left[-1])
            if held >= size:
                yield np.concatenate(left), np.concatenate(right)
                left, right, held = [], [], 0
    if held:
        yield np.concatenate(left), np.concatenate(right)


def components(i: I64, j: I64) -> tuple[I64, I64]:
    """The nodes of the graph of edges ``(i, j)`` that are not the smallest of their
    component, ascending, and that smallest node (numpy: hook each edge's larger label to its
    smaller, jump pointers until every label is a root, keep the edges between two labels)."""
    label = np.arange(int(max(i.max(), j.max())) + 1 if len(i) else 0)
    a, b = i, j
    while a.size:
        a, b = label[a], label[b]
        cross = a != b
        a, b = np.minimum(a[cross], b[cross]), np.maximum(a[cross], b[cross])
        np.minimum.at(label, b, a)
        while not np.array_equal(jumped := label[label], label):
            label = jumped
    nodes = np.flatnonzero(label != np.arange(len(label)))
    return nodes, label[nodes]


def take(t: LinkTable, rows: I64) -> LinkTable:
    """The sub-table of ``rows`` (claim columns only; document columns shared)."""
    values = {}
    for f in fields(t):
        col = getattr(t, f.name)
        values[f.name] = col[rows] if _claim_column(f.name) else col
    return LinkTable(**values)


def concat(a: LinkTable, b: LinkTable) -> LinkTable:
    """``a`` then ``b`` (``b.doc`` already counts ``a``'s documents), keeping ``a``'s cache of
    signature bits (``compare.low_bits``) so that a big table's is not made again."""
    out = _concat(a, b)
    cached = a.__dict__.get("_low_bits", {})
    if cached:
        out.__dict__["_low_bits"] = {
            column: np.concatenate([bits, low_bits(b, column)]) for column, bits in cached.items()
        }
    return out


def _concat(a: LinkTable, b: LinkTable) -> LinkTable:
    values = {}
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name == "doc_ids":
            values[f.name] = x + y
        elif f.name in {"text_sig", "name_sig"}:
            values[f.name] = np.concatenate([x, y], axis=0)
        else:
            values[f.name] = np.concatenate([x, y])
    return LinkTable(**values)


_DOC_COLUMNS = frozenset(
    {
        "doc_ids", "published", "text_sig", "name_sig", "n_names", "means", "targets", "series",
        "doc_victims",
    }
)  # fmt: skip


def _claim_column(name: str) -> bool:
    return name not in _DOC_COLUMNS
