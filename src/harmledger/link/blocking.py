"""Which pairs of claims are compared at all (blocking).

Three passes, each exact within its blocks (no cap on block size other than ``max_offset``):

1. claims of one document, any kind: a report that tells of a killing and of the looting that
   followed may be one incident;
2. sorted neighbourhood on place: claims of the same kind group in one cell of either of two
   offset grids of ``CELL_DEG`` degrees (claims with no coordinates: the same country) whose
   date intervals are at most ``window`` days apart;
3. documents that share a band of their text signatures (near-duplicates: copies of one wire
   story) or of their name signatures (the same victim, street or suspect named weeks later),
   whatever their places and dates (MinHash LSH, ``LSHIndex``).

Every pass is a pure function of the table, so the pairs found for a claim do not depend on
the order claims arrive in.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from harmledger.link.minhash import EMPTY
from harmledger.link.table import I64, UNKNOWN, LinkTable

WINDOW_DAYS = 1
MAX_OFFSET = 5000
LSH_BANDS = 16
NAME_BANDS = 21  # three name hashes a band
LSH_MAX_BUCKET = 50  # a document meets at most this many earlier ones in one bucket


def _ordered(i: I64, j: I64) -> tuple[I64, I64]:
    return np.minimum(i, j), np.maximum(i, j)


def same_document_pairs(t: LinkTable) -> tuple[I64, I64]:
    """Every pair of claims of one document."""
    order = np.argsort(t.doc, kind="stable").astype(np.int64)
    docs = t.doc[order]
    left, right = [], []
    off = 1
    active = np.arange(max(len(order) - 1, 0), dtype=np.int64)
    while active.size:
        j = active + off
        keep = j < len(order)
        a, j = active[keep], j[keep]
        ok = docs[a] == docs[j]
        left.append(order[a[ok]])
        right.append(order[j[ok]])
        active = a[ok]
        off += 1
    return _cat(left, right)


def window_pairs(
    t: LinkTable, items: I64, key: I64, window: int = WINDOW_DAYS, max_offset: int = MAX_OFFSET
) -> tuple[I64, I64]:
    """Pairs of ``items`` with the same ``key`` whose date intervals are ``window`` days apart
    at most (sorted neighbourhood, exact: the scan stops per item when dates run past)."""
    order = np.lexsort((t.lo[items], key))
    s, k = items[order], key[order]
    lo, hi = t.lo[s], t.hi[s]
    left, right = [], []
    active = np.arange(max(len(s) - 1, 0), dtype=np.int64)
    off = 1
    while active.size and off <= max_offset:
        j = active + off
        keep = j < len(s)
        a, j = active[keep], j[keep]
        ok = (k[j] == k[a]) & (lo[j] <= hi[a] + window)
        left.append(s[a[ok]])
        right.append(s[j[ok]])
        active = a[ok]
        off += 1
    return _cat(left, right)


#: Size of a grid cell in degrees (about 55 km); a second grid is shifted by half a cell, so two
#: places less than a quarter cell (about 27 km) apart always share a cell of one of the grids.
CELL_DEG = 0.5


def block_passes(t: LinkTable, rows: I64) -> list[I64]:
    """The place block of each row in each pass (``UNKNOWN`` where a row takes no part): two
    grids of cells for claims with coordinates, the country for the others; all by kind group."""
    group = t.group[rows].astype(np.int64) * 10**9
    located = ~np.isnan(t.lat[rows])
    passes = []
    for shift in (0.0, CELL_DEG / 2):
        lat = np.floor((np.nan_to_num(t.lat[rows]) + 90 + shift) / CELL_DEG).astype(np.int64)
        lon = np.floor((np.nan_to_num(t.lon[rows]) + 180 + shift) / CELL_DEG).astype(np.int64)
        passes.append(np.where(located, group + lat * 1000 + lon, UNKNOWN))
    country = t.country[rows].astype(np.int64)
    passes.append(np.where(~located & (country != UNKNOWN), group + 5 * 10**8 + country, UNKNOWN))
    return passes


def place_pairs(t: LinkTable, window: int = WINDOW_DAYS) -> tuple[I64, I64]:
    """Claims of one kind group, near in time and near in place (one grid cell; the same
    country for claims placed no more precisely)."""
    dated = np.flatnonzero(t.lo != UNKNOWN).astype(np.int64)
    left, right = [], []
    for keys in block_passes(t, dated):
        member = keys != UNKNOWN
        a, b = window_pairs(t, dated[member], keys[member], window)
        left.append(a)
        right.append(b)
    a, b = _cat(left, right)
    a, b = _ordered(a, b)
    return unique_pairs(a, b, len(t) + 1)  # a pair may share a cell of both grids


#: Odd 64-bit multipliers of the band hash (fixed: keys are the same in every process).
_MIX = np.random.default_rng(20261126).integers(1, 2**63, 65, dtype=np.uint64) | np.uint64(1)


def band_keys(sig: npt.NDArray[np.uint32], bands: int) -> npt.NDArray[np.uint64]:
    """One 64-bit key per (document, band): a hash of the band's rows and of its number."""
    rows = sig.shape[1] // bands
    values = sig.astype(np.uint64)
    keys = np.empty((sig.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for b in range(bands):
            key = np.full(sig.shape[0], _MIX[0] * np.uint64(b + 1), dtype=np.uint64)
            for r in range(rows):
                key = (key ^ values[:, b * rows + r]) * _MIX[r + 1]
            keys[:, b] = key
    return keys


def ranks(counts: I64) -> I64:
    """``0..c-1`` for each count ``c``, concatenated."""
    ends = np.cumsum(counts)
    return np.arange(int(ends[-1]) if ends.size else 0) - np.repeat(ends - counts, counts)


def unique_pairs(i: I64, j: I64, n: int) -> tuple[I64, I64]:
    """The distinct pairs, sorted (a sort: ``np.unique`` is hash-based in numpy 2.3+ and far
    slower for millions of distinct values)."""
    packed = np.sort(i.astype(np.int64) * n + j)
    packed = packed[np.r_[True, packed[1:] != packed[:-1]]] if packed.size else packed
    return packed // n, packed % n


class LSHIndex:
    """Documents by bands of a MinHash signature (locality-sensitive hashing).

    ``add_many`` returns the documents added before that share a band with each new one, at
    most the first ``cap`` of each bucket: a band shared by hundreds of pages is boilerplate.
    Because a document only meets documents added before it, earliest first, the pairs found
    do not depend on how the documents were batched, only on their order. Only a bucket's
    first ``cap`` members are kept, as sorted arrays of 64-bit band keys (a key collision can
    only add a candidate pair, which the scorer then judges).
    """

    def __init__(self, bands: int, cap: int = LSH_MAX_BUCKET) -> None:
        self.bands = bands
        self.cap = cap
        self.keys = np.zeros(0, dtype=np.uint64)  # sorted; each key at most ``cap`` times
        self.docs = np.zeros(0, dtype=np.int64)  # the first members of each key, in order

    def add(self, doc: int, sig: npt.NDArray[np.uint32]) -> set[int]:
        earlier, _ = self.add_many(np.asarray([doc], dtype=np.int64), sig[None, :])
        return set(earlier.tolist())

    def add_many(self, docs: I64, sigs: npt.NDArray[np.uint32]) -> tuple[I64, I64]:
        """Add ``docs`` (ascending, after every document here; ``sigs`` one row each) and
        return the pairs (earlier, new) that share a band, each once."""
        if sigs.shape[0] == 0 or sigs.shape[1] == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        full = sigs[:, 0] != EMPTY
        key = band_keys(sigs[full], self.bands).ravel()
        doc = np.repeat(docs[full], self.bands)
        order = np.lexsort((doc, key))
        key, doc = key[order], doc[order]
        lo = np.searchsorted(self.keys, key, "left")
        stored = np.searchsorted(self.keys, key, "right") - lo
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if key.size else lo[:0]
        group = np.repeat(first, np.diff(np.r_[first, key.size]))
        rank = np.arange(key.size) - group  # place among the new members of its bucket
        room = np.maximum(self.cap - stored, 0)
        meet = np.minimum(rank, room)
        earlier = np.concatenate([self.docs[np.repeat(lo, stored) + ranks(stored)],
                                  doc[np.repeat(group, meet) + ranks(meet)]])  # fmt: skip
        later = np.concatenate([np.repeat(doc, stored), np.repeat(doc, meet)])
        keep = rank < room
        at = np.searchsorted(self.keys, key[keep], "right")
        self.keys = np.insert(self.keys, at, key[keep])
        self.docs = np.insert(self.docs, at, doc[keep])
        return unique_pairs(earlier, later, int(docs.max()) + 1)


def lsh_doc_pairs(
    t: LinkTable, first_doc: int, indexes: list[tuple[LSHIndex, str]]
) -> tuple[I64, I64]:
    """Pairs (earlier, new) of documents from ``first_doc`` on that share an LSH band."""
    docs = np.arange(first_doc, len(t.doc_ids), dtype=np.int64)
    found = [index.add_many(docs, getattr(t, column)[first_doc:]) for index, column in indexes]
    earlier = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.int64)
    later = np.concatenate([f[1] for f in found]) if found else np.zeros(0, np.int64)
    return unique_pairs(earlier, later, len(t.doc_ids) + 1)


def doc_claim_pairs(t: LinkTable, earlier: I64, later: I64) -> tuple[I64, I64]:
    """Claim pairs of one kind group across the given document pairs."""
    if earlier.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.argsort(t.doc, kind="stable").astype(np.int64)
    counts = np.bincount(t.doc, minlength=len(t.doc_ids)).astype(np.int64)
    starts = np.cumsum(counts) - counts
    per = counts[earlier] * counts[later]
    pair = np.repeat(np.arange(earlier.size), per)
    r, width = ranks(per), counts[later][pair]
    a = order[starts[earlier][pair] + r // width]
    b = order[starts[later][pair] + r % width]
    same = t.group[a] == t.group[b]
    return a[same], b[same]


def new_lsh_indexes() -> list[tuple[LSHIndex, str]]:
    """The two LSH passes: near-duplicate text, and shared names (people, streets, towns)."""
    return [(LSHIndex(LSH_BANDS), "text_sig"), (LSHIndex(NAME_BANDS), "name_sig")]


def candidate_pairs(t: LinkTable, window: int = WINDOW_DAYS) -> tuple[I64, I64]:
    """All pairs to compare, each once, as (smaller index, larger index), sorted."""
    lsh = doc_claim_pairs(t, *lsh_doc_pairs(t, 0, new_lsh_indexes()))
    parts = [same_document_pairs(t), place_pairs(t, window), lsh]
    i = np.concatenate([p[0] for p in parts])
    j = np.concatenate([p[1] for p in parts])
    i, j = _ordered(i, j)
    keep = i != j
    return unique_pairs(i[keep], j[keep], len(t) + 1)


def _cat(left: list[I64], right: list[I64]) -> tuple[I64, I64]:
    if not left:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(left).astype(np.int64), np.concatenate(right).astype(np.int64)
