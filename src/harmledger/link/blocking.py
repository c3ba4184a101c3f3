"""Which pairs of claims are compared at all (blocking).

Three passes, each exact within its blocks (no cap on block size other than ``max_offset``):

1. claims of one document, any kind: a report that tells of a killing and of the looting that
   followed may be one incident;
2. sorted neighbourhood on the place hierarchy: claims of the same kind group whose places
   share the first-order division (or, for claims placed only in a country, the country) and
   whose date intervals are at most ``window`` days apart;
3. near-duplicate documents (MinHash LSH on the text), whatever their places: copies of one
   wire story are compared even when one of them was geocoded differently.

Every pass is a pure function of the table, so the pairs found for a claim do not depend on
the order claims arrive in.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from harmledger.link.minhash import EMPTY
from harmledger.link.table import I64, UNKNOWN, LinkTable

WINDOW_DAYS = 3
MAX_OFFSET = 5000
LSH_BANDS = 16
LSH_MAX_BUCKET = 50  # a bucket bigger than this is boilerplate shared by many pages: skipped


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


def place_pairs(t: LinkTable, window: int = WINDOW_DAYS) -> tuple[I64, I64]:
    """Claims of one kind group, near in time, in the same admin1 (or country, when that is
    all that is known of both)."""
    dated = t.lo != UNKNOWN
    group = t.group.astype(np.int64)
    with_admin = np.flatnonzero(dated & (t.admin1 != UNKNOWN)).astype(np.int64)
    key_admin = group[with_admin] * 10_000_000 + t.admin1[with_admin]
    only_country = np.flatnonzero(dated & (t.admin1 == UNKNOWN) & (t.country != UNKNOWN))
    only_country = only_country.astype(np.int64)
    key_country = group[only_country] * 10_000_000 + t.country[only_country]
    a1, b1 = window_pairs(t, with_admin, key_admin, window)
    a2, b2 = window_pairs(t, only_country, key_country, window)
    return np.concatenate([a1, a2]), np.concatenate([b1, b2])


def near_duplicate_docs(t: LinkTable, bands: int = LSH_BANDS) -> list[tuple[int, int]]:
    """Pairs of documents that share a whole band of their text signatures (LSH)."""
    sig = t.text_sig
    if sig.shape[0] < 2:
        return []
    rows = sig.shape[1] // bands
    found: set[tuple[int, int]] = set()
    for b in range(bands):
        band = np.ascontiguousarray(sig[:, b * rows : (b + 1) * rows])
        buckets: dict[bytes, list[int]] = defaultdict(list)
        for d in range(band.shape[0]):
            if band[d, 0] != EMPTY:
                buckets[band[d].tobytes()].append(d)
        for members in buckets.values():
            if 1 < len(members) <= LSH_MAX_BUCKET:
                found.update((x, y) for i, x in enumerate(members) for y in members[i + 1 :])
    return sorted(found)


def duplicate_pairs(t: LinkTable) -> tuple[I64, I64]:
    """Claim pairs of one kind group across near-duplicate documents."""
    by_doc: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(t.doc.tolist()):
        by_doc[d].append(i)
    left: list[int] = []
    right: list[int] = []
    for d1, d2 in near_duplicate_docs(t):
        for i in by_doc.get(d1, ()):
            for j in by_doc.get(d2, ()):
                if t.group[i] == t.group[j]:
                    left.append(i)
                    right.append(j)
    return np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)


def candidate_pairs(t: LinkTable, window: int = WINDOW_DAYS) -> tuple[I64, I64]:
    """All pairs to compare, each once, as (smaller index, larger index), sorted."""
    parts = [same_document_pairs(t), place_pairs(t, window), duplicate_pairs(t)]
    i = np.concatenate([p[0] for p in parts])
    j = np.concatenate([p[1] for p in parts])
    i, j = _ordered(i, j)
    keep = i != j
    packed = np.unique(i[keep] * (len(t) + 1) + j[keep])
    return packed // (len(t) + 1), packed % (len(t) + 1)


def _cat(left: list[I64], right: list[I64]) -> tuple[I64, I64]:
    if not left:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(left).astype(np.int64), np.concatenate(right).astype(np.int64)
