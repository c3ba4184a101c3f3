"""Which pairs of claims are compared at all (blocking).

Three passes, each exact within its blocks (no cap on block size other than ``max_offset``):

1. claims of one document, any kind: a report that tells of a killing and of the looting that
   followed may be one incident;
2. sorted neighbourhood on the place hierarchy: claims of the same kind group whose places
   share the first-order division (or, for claims placed only in a country, the country) and
   whose date intervals are at most ``window`` days apart;
3. documents that share a band of their text signatures (near-duplicates: copies of one wire
   story) or of their name signatures (the same victim, street or suspect named weeks later),
   whatever their places and dates (MinHash LSH, ``LSHIndex``).

Every pass is a pure function of the table, so the pairs found for a claim do not depend on
the order claims arrive in.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

from harmledger.link.minhash import EMPTY
from harmledger.link.table import I64, UNKNOWN, LinkTable

WINDOW_DAYS = 3
MAX_OFFSET = 5000
LSH_BANDS = 16
NAME_BANDS = 32  # two name hashes a band: documents sharing about a fifth of their names meet
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


class LSHIndex:
    """Documents by bands of a MinHash signature (locality-sensitive hashing).

    ``add`` returns the documents added before that share a band with the new one, at most the
    first ``cap`` of each bucket: a band shared by hundreds of pages is boilerplate. Because a
    document only meets documents added before it, earliest first, the pairs found do not
    depend on how the documents were batched, only on their order.
    """

    def __init__(self, bands: int, cap: int = LSH_MAX_BUCKET) -> None:
        self.bands = bands
        self.cap = cap
        self.buckets: dict[bytes, list[int]] = defaultdict(list)

    def add(self, doc: int, sig: npt.NDArray[np.uint32]) -> set[int]:
        if sig.size == 0 or sig[0] == EMPTY:
            return set()
        rows = sig.shape[0] // self.bands
        found: set[int] = set()
        for b in range(self.bands):
            bucket = self.buckets[bytes([b]) + sig[b * rows : (b + 1) * rows].tobytes()]
            found.update(bucket[: self.cap])
            bucket.append(doc)
        return found


def lsh_doc_pairs(
    t: LinkTable, first_doc: int, indexes: list[tuple[LSHIndex, str]]
) -> set[tuple[int, int]]:
    """Pairs (earlier, new) of documents from ``first_doc`` on that share an LSH band."""
    pairs: set[tuple[int, int]] = set()
    for index, column in indexes:
        sig = getattr(t, column)
        for d in range(first_doc, sig.shape[0]):
            pairs.update((o, d) for o in index.add(d, sig[d]) if o != d)
    return pairs


def doc_claim_pairs(t: LinkTable, doc_pairs: set[tuple[int, int]]) -> tuple[I64, I64]:
    """Claim pairs of one kind group across the given document pairs."""
    if not doc_pairs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    wanted = {d for p in doc_pairs for d in p}
    by_doc: dict[int, list[int]] = defaultdict(list)
    for item in np.flatnonzero(np.isin(t.doc, list(wanted))).tolist():
        by_doc[int(t.doc[item])].append(item)
    left: list[int] = []
    right: list[int] = []
    for d1, d2 in sorted(doc_pairs):
        for a in by_doc.get(d1, ()):
            for b in by_doc.get(d2, ()):
                if t.group[a] == t.group[b]:
                    left.append(a)
                    right.append(b)
    return np.asarray(left, np.int64), np.asarray(right, np.int64)


def new_lsh_indexes() -> list[tuple[LSHIndex, str]]:
    """The two LSH passes: near-duplicate text, and shared names (people, streets, towns)."""
    return [(LSHIndex(LSH_BANDS), "text_sig"), (LSHIndex(NAME_BANDS), "name_sig")]


def candidate_pairs(t: LinkTable, window: int = WINDOW_DAYS) -> tuple[I64, I64]:
    """All pairs to compare, each once, as (smaller index, larger index), sorted."""
    lsh = doc_claim_pairs(t, lsh_doc_pairs(t, 0, new_lsh_indexes()))
    parts = [same_document_pairs(t), place_pairs(t, window), lsh]
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
