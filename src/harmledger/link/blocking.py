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
the order claims arrive in. ``candidate_chunks`` yields the union in disjoint chunks (a pair
found by two passes comes once: ``PlaceBlocks.holds`` tells whether a pair is a place pair),
so that a million claims' tens of millions of pairs are scored as they come, never held.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from harmledger.link.minhash import EMPTY
from harmledger.link.model import link_model
from harmledger.link.table import I32, I64, U64, UNKNOWN, LinkTable

#: The blocking parameters of the link model in use (``link/model.json``, "blocking").
_MODEL = link_model().blocking
#: Place blocks pair claims whose date intervals are at most this many days apart.
WINDOW_DAYS = _MODEL.window_days
#: A claim meets at most this many later claims of its place block.
MAX_OFFSET = _MODEL.max_offset
#: MinHash LSH bands of the text signatures and of the name signatures.
LSH_BANDS = _MODEL.text_bands
NAME_BANDS = _MODEL.name_bands
#: A document meets at most this many earlier ones in one LSH bucket.
LSH_MAX_BUCKET = _MODEL.max_bucket
#: Candidate pairs are made (and scored) in chunks of about this many (no model parameter:
#: the pairs found do not depend on it).
PAIR_CHUNK = 1 << 20


def _ordered(i: I64, j: I64) -> tuple[I64, I64]:
    return np.minimum(i, j), np.maximum(i, j)


def same_document_pairs(t: LinkTable) -> tuple[I64, I64]:
    """Every pair of claims of one document."""
    return _same_doc(t.doc)


def _same_doc(doc: npt.NDArray[np.int32]) -> tuple[I64, I64]:
    order = np.argsort(doc, kind="stable").astype(np.int64)
    docs = doc[order]
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
    s = items[order]
    reach = _reach(t.lo[s], t.hi[s], key[order], window, max_offset)
    return gather(_spans(s, reach, 0, len(s)))


def _reach(lo32: I32, hi32: I32, k: I64, window: int, max_offset: int) -> I64:
    """How many of the next items each item (sorted by key, then first day) meets: those
    of its key whose first day is at most ``window`` days after its last, ``max_offset`` at
    most (what a scan forward that stops at the first item past its window finds)."""
    n = len(k)
    if n == 0:
        return np.zeros(0, np.int64)
    lo, hi = lo32.astype(np.int64), hi32.astype(np.int64)
    base = int(lo.min())
    span = int(lo.max()) - base + 1
    rank = np.cumsum(np.r_[0, k[1:] != k[:-1]])
    sorted_by = rank * span + (lo - base)  # ascending: key, then first day
    target = rank * span + np.clip(hi + window - base, -1, span - 1)
    last = np.searchsorted(sorted_by, target, "right") - 1
    return np.clip(last - np.arange(n), 0, max_offset)


def _spans(s: I64, reach: I64, start: int, stop: int) -> Iterator[tuple[I64, I64]]:
    """The pairs of sorted positions ``start..stop`` with their next ``reach`` positions, as
    items of ``s``, in chunks of about ``PAIR_CHUNK`` pairs."""
    ends = np.cumsum(reach[start:stop])
    done, p = 0, start
    while p < stop:
        q = start + int(np.searchsorted(ends, done + PAIR_CHUNK, "right"))
        q = min(max(q, p + 1), stop)
        counts = reach[p:q]
        a = np.repeat(np.arange(p, q, dtype=np.int64), counts)
        b = a + ranks(counts) + 1
        if a.size:
            yield s[a], s[b]
        done, p = int(ends[q - start - 1]), q


#: Size of a grid cell in degrees (0.5: about 55 km); a second grid is shifted by half a cell,
#: so two places less than a quarter cell (about 27 km) apart always share a cell of one of the
#: grids.
CELL_DEG = _MODEL.cell_degrees


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


@dataclass
class PlaceBlocks:
    """The sorted neighbourhoods of a table's dated claims, one per pass of ``block_passes``:
    ``rows[k]`` sorted by block and first day, ``reach[k][p]`` how many of the next sorted
    positions position ``p`` meets, ``pos[k][row]`` each row's position (-1: not in pass k).
    A pair is a place pair iff, in some pass, both rows are in it and the later position is
    within the earlier one's reach: the same test finds a pair and tells whether it was found."""

    rows: list[I64]
    reach: list[I64]
    pos: list[I64]

    def holds(self, a: I64, b: I64) -> npt.NDArray[np.bool_]:
        """Which pairs ``(a, b)`` are place pairs (rows -1: never)."""
        return np.any([self.in_pass(k, a, b) for k in range(len(self.rows))], axis=0)

    def in_pass(self, k: int, a: I64, b: I64) -> npt.NDArray[np.bool_]:
        """Which pairs pass ``k`` finds."""
        if self.reach[k].size == 0:
            return np.zeros(len(a), dtype=bool)
        valid = (a >= 0) & (b >= 0)
        pa, pb = self.pos[k][np.where(valid, a, 0)], self.pos[k][np.where(valid, b, 0)]
        both = valid & (pa >= 0) & (pb >= 0)
        p, q = np.minimum(pa, pb), np.maximum(pa, pb)
        return both & (q - p <= self.reach[k][np.where(both, p, 0)])

    def chunks(
        self, doc: npt.NDArray[np.int32], other_docs: bool = False
    ) -> Iterator[tuple[I64, I64]]:
        """Every place pair once, as (smaller, larger) rows, in chunks; only pairs of two
        documents (``doc``: the document of each row) with ``other_docs``."""
        for k, (s, reach) in enumerate(zip(self.rows, self.reach, strict=True)):
            for a, b in _spans(s, reach, 0, len(s)):
                keep = np.ones(len(a), bool) if not other_docs else doc[a] != doc[b]
                for earlier in range(k):  # found in an earlier pass (the other grid)
                    keep &= ~self.in_pass(earlier, a, b)
                if keep.any():
                    yield _ordered(a[keep], b[keep])


def place_blocks(
    t: LinkTable, window: int = WINDOW_DAYS, max_offset: int = MAX_OFFSET, rows: I64 | None = None
) -> PlaceBlocks:
    """The place blocks of every dated claim of ``t`` (of ``rows``, numbered 0.. in order)."""
    rows = np.arange(len(t), dtype=np.int64) if rows is None else rows
    dated = np.flatnonzero(t.lo[rows] != UNKNOWN).astype(np.int64)
    blocks = PlaceBlocks([], [], [])
    for keys in block_passes(t, rows[dated]):
        member = keys != UNKNOWN
        order = np.lexsort((t.lo[rows[dated[member]]], keys[member]))
        s = dated[member][order]
        blocks.rows.append(s)
        lo, hi = t.lo[rows[s]], t.hi[rows[s]]
        blocks.reach.append(_reach(lo, hi, keys[member][order], window, max_offset))
        pos = np.full(len(rows), -1, dtype=np.int64)
        pos[s] = np.arange(len(s))
        blocks.pos.append(pos)
    return blocks


def place_pairs(t: LinkTable, window: int = WINDOW_DAYS) -> tuple[I64, I64]:
    """Claims of one kind group, near in time and near in place (one grid cell; the same
    country for claims placed no more precisely), sorted."""
    return unique_pairs(*gather(place_blocks(t, window).chunks(t.doc)), len(t) + 1)


#: Odd 64-bit multipliers of the band hash (fixed: keys are the same in every process).
_MIX = np.random.default_rng(20261126).integers(1, 2**63, 65, dtype=np.uint64) | np.uint64(1)


def band_keys(sig: npt.NDArray[np.uint32], bands: int) -> npt.NDArray[np.uint64]:
    """One 64-bit key per (document, band): a hash of the band's rows and of its number."""
    rows = sig.shape[1] // bands
    keys = np.empty((sig.shape[0], bands), dtype=np.uint64)
    keys[:] = _MIX[0] * np.arange(1, bands + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):  # every band at once: the band's r-th row is column b*rows+r
            keys ^= sig[:, r : bands * rows : rows]
            keys *= _MIX[r + 1]
    return keys


def stable_order(key: npt.NDArray[np.uint64]) -> tuple[I64, npt.NDArray[np.uint64]]:
    """``np.argsort(key, kind="stable")`` and the sorted keys, by a plain sort of each key
    packed with its position (8x faster than argsort): the whole key when it leaves room,
    else its high bits, and the rare runs whose high bits tie but whose keys differ are then
    put in order apart."""
    bits = max(int(key.size - 1).bit_length(), 1)
    low = np.uint64((1 << bits) - 1)
    if key.size and int(key.max()) < 1 << (64 - bits):  # small keys: pack them whole
        packed = (key << np.uint64(bits)) | np.arange(key.size, dtype=np.uint64)
        packed.sort()
        order = (packed & low).astype(np.int64)
        return order, packed >> np.uint64(bits)
    packed = key & ~low
    packed |= np.arange(key.size, dtype=np.uint64)
    packed.sort()
    packed &= low
    order = packed.astype(np.int64)
    del packed
    keys = key[order]
    if keys.size < 2 or not (down := keys[1:] < keys[:-1]).any():
        return order, keys
    prefix = keys >> np.uint64(bits)
    starts = np.flatnonzero(np.r_[True, prefix[1:] != prefix[:-1], True])
    bad = np.unique(np.searchsorted(starts, np.flatnonzero(down), "right") - 1)
    lengths = starts[bad + 1] - starts[bad]  # runs of one prefix whose keys are out of order
    at = np.repeat(starts[bad], lengths) + ranks(lengths)
    fix = at[np.lexsort((order[at], keys[at], np.repeat(bad, lengths)))]
    order[at], keys[at] = order[fix], keys[fix]
    return order, keys


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

    def _meet(self, key: U64, doc: I64) -> tuple[I64, I64, npt.NDArray[np.bool_]]:
        """The pairs (earlier, new) of the sorted new keys ``key`` (of documents ``doc``)
        with the stored members of their buckets and with the new members before them, and
        which new keys the buckets keep (their first ``cap`` members). Most keys are alone in
        their bucket: only the runs of equal keys are ranked."""
        lo = stored = np.zeros(key.size, np.int64)
        if self.keys.size:
            lo = np.searchsorted(self.keys, key, "left")
            stored = np.searchsorted(self.keys, key, "right") - lo
        s = np.flatnonzero(stored)
        earlier = [self.docs[np.repeat(lo[s], stored[s]) + ranks(stored[s])]]
        later = [np.repeat(doc[s], stored[s])]
        tie = key[1:] == key[:-1]
        runs = np.flatnonzero(np.r_[False, tie] | np.r_[tie, False])
        group, rank = _bucket_ranks(key[runs])
        room = np.maximum(self.cap - stored[runs], 0)
        meet = np.minimum(rank, room)
        earlier.append(doc[runs][np.repeat(group, meet) + ranks(meet)])
        later.append(np.repeat(doc[runs], meet))
        keep = stored < self.cap  # a key alone among the new ones
        keep[runs] = rank < room
        return np.concatenate(earlier), np.concatenate(later), keep

    def add_many(self, docs: I64, sigs: npt.NDArray[np.uint32]) -> tuple[I64, I64]:
        """Add ``docs`` (ascending, after every document here; ``sigs`` one row each) and
        return the pairs (earlier, new) that share a band, each once."""
        if sigs.shape[0] == 0 or sigs.shape[1] == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        full = sigs[:, 0] != EMPTY
        order, key = stable_order(band_keys(sigs[full], self.bands).ravel())
        doc = docs[full][order // self.bands]  # by key, then document (documents ascend)
        del order
        earlier, later, keep = self._meet(key, doc)
        self.keys, self.docs = _merge(self.keys, self.docs, key[keep], doc[keep])
        return unique_pairs(earlier, later, int(docs.max()) + 1)


def _bucket_ranks(key: U64) -> tuple[I64, I64]:
    """For sorted ``key``: where each key's run starts, and each key's place in its run."""
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if key.size else np.zeros(0, int)
    group = np.repeat(first, np.diff(np.r_[first, key.size]))
    return group, np.arange(key.size) - group


def _merge(keys: U64, docs: I64, new_keys: U64, new_docs: I64) -> tuple[U64, I64]:
    """Sorted ``new_keys`` put into sorted ``keys`` after their equals (what ``np.insert`` at
    ``searchsorted(keys, new_keys, "right")`` does, without its sort of the positions)."""
    if keys.size == 0:
        return new_keys, new_docs
    at = np.searchsorted(keys, new_keys, "right") + np.arange(new_keys.size)
    old = np.ones(keys.size + new_keys.size, dtype=bool)
    old[at] = False
    out_keys, out_docs = np.empty(old.size, np.uint64), np.empty(old.size, np.int64)
    out_keys[at], out_docs[at] = new_keys, new_docs
    out_keys[old], out_docs[old] = keys, docs
    return out_keys, out_docs


def lsh_doc_pairs(
    t: LinkTable, first_doc: int, indexes: list[tuple[LSHIndex, str]]
) -> tuple[I64, I64]:
    """Pairs (earlier, new) of documents from ``first_doc`` on that share an LSH band (the
    indexes are independent: each adds in a thread of its own when there are many)."""
    docs = np.arange(first_doc, len(t.doc_ids), dtype=np.int64)
    threads = 1 if len(docs) < 10_000 else len(indexes)
    with ThreadPoolExecutor(max(threads, 1)) as pool:
        found = list(
            pool.map(lambda ic: ic[0].add_many(docs, getattr(t, ic[1])[first_doc:]), indexes)
        )
    return unique_pairs(*gather(found), len(t.doc_ids) + 1)


def doc_claim_pairs(t: LinkTable, earlier: I64, later: I64) -> tuple[I64, I64]:
    """Claim pairs of one kind group across the given document pairs."""
    return gather(doc_claim_chunks(t, earlier, later))


def doc_claim_chunks(t: LinkTable, earlier: I64, later: I64) -> Iterator[tuple[I64, I64]]:
    """``doc_claim_pairs`` in chunks (of about ``PAIR_CHUNK`` document pairs)."""
    if earlier.size == 0:
        return
    order = np.argsort(t.doc, kind="stable").astype(np.int64)
    counts = np.bincount(t.doc, minlength=len(t.doc_ids)).astype(np.int64)
    starts = np.cumsum(counts) - counts
    for k in range(0, earlier.size, PAIR_CHUNK):
        one, two = earlier[k : k + PAIR_CHUNK], later[k : k + PAIR_CHUNK]
        per = counts[one] * counts[two]
        pair = np.repeat(np.arange(one.size), per)
        r, width = ranks(per), counts[two][pair]
        a = order[starts[one][pair] + r // width]
        b = order[starts[two][pair] + r % width]
        same = t.group[a] == t.group[b]
        yield a[same], b[same]


def new_lsh_indexes() -> list[tuple[LSHIndex, str]]:
    """The two LSH passes: near-duplicate text, and shared names (people, streets, towns)."""
    return [(LSHIndex(LSH_BANDS), "text_sig"), (LSHIndex(NAME_BANDS), "name_sig")]


def candidate_pairs(t: LinkTable, window: int = WINDOW_DAYS) -> tuple[I64, I64]:
    """All pairs to compare, each once, as (smaller index, larger index), sorted."""
    lsh = lsh_doc_pairs(t, 0, new_lsh_indexes())
    return unique_pairs(*gather(candidate_chunks(t, place_blocks(t, window), lsh)), len(t) + 1)


def candidate_chunks(
    t: LinkTable,
    blocks: PlaceBlocks,
    lsh: tuple[I64, I64],
    start: int = 0,
    rows: I64 | None = None,
) -> Iterator[tuple[I64, I64]]:
    """The candidate pairs with a claim at or after ``start``, as (smaller, larger), in
    disjoint chunks: claims of one document; place pairs of two documents (``blocks``, of
    all of ``t`` or of the ascending ``rows`` only, which must hold every dated claim that
    can meet a new one); pairs across the document pairs ``lsh`` that are not place pairs."""
    a, b = _same_doc(t.doc[start:])
    yield a + start, b + start
    for a, b in blocks.chunks(t.doc if rows is None else t.doc[rows], other_docs=True):
        a, b = (a, b) if rows is None else (rows[a], rows[b])
        yield a[b >= start], b[b >= start]
    at = None
    if rows is not None:
        at = np.full(len(t), -1, dtype=np.int64)
        at[rows] = np.arange(len(rows))
    for a, b in doc_claim_chunks(t, *lsh):
        place = blocks.holds(a, b) if at is None else blocks.holds(at[a], at[b])
        a, b = _ordered(a, b)
        keep = (t.doc[a] != t.doc[b]) & ~place & (b >= start)
        yield a[keep], b[keep]


def gather(chunks: Iterable[tuple[I64, I64]]) -> tuple[I64, I64]:
    """Chunks of pairs as one pair of arrays (int64; empty when there is no chunk)."""
    left, right = [], []
    for a, b in chunks:
        left.append(a)
        right.append(b)
    return _cat(left, right)


def _cat(left: list[I64], right: list[I64]) -> tuple[I64, I64]:
    if not left:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(left).astype(np.int64), np.concatenate(right).astype(np.int64)
