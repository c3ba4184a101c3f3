"""The linker's fast paths checked against the plain ones on a synthetic ledger: pruned
scoring, per-document-pair MinHash levels, candidate chunks, components and the stable sort.

The ledger is the benchmark's (``benchmarks/synthetic_ledger.py``): dense enough that
candidate pairs share places, days, names and copies of one story.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from harmledger.errors import LinkError
from harmledger.link import blocking, compare, prune
from harmledger.link.blocking import candidate_pairs, stable_order
from harmledger.link.cluster import UnionFind
from harmledger.link.compare import FEATURES, THRESHOLD, level_columns, pair_features
from harmledger.link.index import LinkIndex, components, concat, take
from harmledger.link.prune import costly_bound, plan, score
from harmledger.link.table import I64, LinkTable

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def ledger() -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module("synthetic_ledger")


@pytest.fixture(scope="module")
def table(ledger: ModuleType) -> LinkTable:
    syn = ledger.generate(3000, seed=3)
    tables = importlib.import_module("synthetic_tables")
    return tables.to_table(syn, slice(0, syn.base_docs), slice(0, syn.base_claims))


def some_pairs(t: LinkTable, n: int = 60_000) -> tuple[I64, I64]:
    """The candidate pairs and ``n`` random ones (far apart, mostly)."""
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, len(t), n), rng.integers(0, len(t), n)
    ci, cj = candidate_pairs(t)
    i, j = np.concatenate([ci, np.minimum(a, b)]), np.concatenate([cj, np.maximum(a, b)])
    keep = i != j
    return i[keep], j[keep]


# -- pruned scoring -------------------------------------------------------------------------


@pytest.mark.parametrize("floor", [THRESHOLD, 0.0, -3.0, 3.0])
def test_pruned_scores_are_the_full_scores_above_the_floor(table: LinkTable, floor: float) -> None:
    """(A bound 2 lower than ``costly_bound``'s fails here at the floor of 3.)"""
    i, j = some_pairs(table)
    full = score(table, i, j, floor=None)
    pruned = score(table, i, j, floor=floor)
    alive = pruned != -np.inf
    assert np.array_equal(pruned > floor, full > floor)  # the same pairs link
    assert np.array_equal(pruned[alive], full[alive])  # bit for bit
    assert (full[~alive] <= floor).all()
    other_docs = table.doc[i] != table.doc[j]
    if floor >= 0:  # (at -3 hardly a pair can be ruled out before its MinHash levels)
        assert (~alive & other_docs).sum() > 1000  # pruning did happen


def test_default_floor_is_the_threshold(table: LinkTable) -> None:
    i, j = some_pairs(table)
    assert np.array_equal(score(table, i, j), score(table, i, j, floor=THRESHOLD))


def test_full_scores_are_the_weighted_sum_of_the_levels(table: LinkTable) -> None:
    i, j = some_pairs(table)
    full = score(table, i, j, floor=None)
    expected = pair_features(table, i, j) @ compare.weights()
    same_doc = table.doc[i] == table.doc[j]
    assert np.allclose(full[~same_doc], expected[~same_doc], atol=1e-4)
    together = table.segment[i] == table.segment[j]
    assert np.array_equal(full[same_doc], np.where(together, np.inf, -np.inf)[same_doc])


def test_minhash_levels_per_document_pair_equal_those_per_claim_pair(table: LinkTable) -> None:
    i, j = some_pairs(table)
    keep = table.doc[i] != table.doc[j]
    i, j = i[keep], j[keep]
    w = compare.weights()
    p = plan()
    first, costly = p.first, len(p.costly)
    assert FEATURES[first : first + 2] == ("text_near_duplicate", "text_similar")
    per_doc_pair = prune.costly_weighted(table, i, j, w[first : first + costly], p)
    per_claim = level_columns(table, i, j, p.costly)
    assert len(per_doc_pair) == 2  # the text and the names comparisons
    for k, comparison in enumerate(("text", "names")):
        columns = [
            c for c, f in zip(per_claim, FEATURES[first:], strict=False) if f.startswith(comparison)
        ]
        weights = [
            w[first + c]
            for c, f in enumerate(FEATURES[first : first + costly])
            if f.startswith(comparison)
        ]
        assert np.array_equal(
            per_doc_pair[k], sum(np.float32(x) * c for x, c in zip(weights, columns, strict=True))
        )


def test_the_plan_splits_the_levels_around_the_minhash_ones() -> None:
    p = plan()
    assert [lv.name for lv in p.costly] == [
        "text_near_duplicate", "text_similar", "names_0", "names_low", "names_mid", "names_high"
    ]  # fmt: skip
    assert p.tails[-1].name == "villages_differ" and p.heads[0].name == "same_document"
    assert 1 + len(p.heads) + len(p.costly) + len(p.tails) == len(FEATURES)


def test_costly_bound_adds_the_best_level_of_each_comparison() -> None:
    p = plan()
    w = np.asarray([1.5, 0.5, -2.0, -0.1, 2.0, 4.0], np.float32)
    assert costly_bound(w, p) == pytest.approx(1.5 + 4.0)
    assert costly_bound(-np.abs(w), p) == 0.0  # a comparison may add nothing


def test_levels_that_do_not_exclude_each_other_are_refused() -> None:
    p = plan()
    one, zero = np.ones(3, np.float32), np.zeros(3, np.float32)
    prune.check_levels([one, zero, one, zero, zero, zero], p)
    with pytest.raises(LinkError, match="one comparison"):
        prune.check_levels([one, one, zero, zero, zero, zero], p)
    with pytest.raises(LinkError, match="0/1"):
        prune.check_levels([one * 0.5, zero, zero, zero, zero, zero], p)
    with pytest.raises(LinkError, match="expects"):
        prune.check_levels([one, zero], p)


# -- candidate chunks -----------------------------------------------------------------------


def test_candidate_chunks_are_disjoint_and_make_the_candidate_pairs(table: LinkTable) -> None:
    lsh = blocking.lsh_doc_pairs(table, 0, blocking.new_lsh_indexes())
    chunks = list(blocking.candidate_chunks(table, blocking.place_blocks(table), lsh))
    i = np.concatenate([c[0] for c in chunks])
    j = np.concatenate([c[1] for c in chunks])
    assert (i < j).all()
    packed = i * len(table) + j
    assert np.unique(packed).size == packed.size  # no pair twice
    ci, cj = candidate_pairs(table)
    assert np.array_equal(np.sort(packed), ci * len(table) + cj)
    found_by_lsh_and_place = blocking.place_blocks(table).holds(
        *blocking.doc_claim_pairs(table, *lsh)
    )
    assert found_by_lsh_and_place.any()  # the overlap the chunks leave out is there


def test_place_blocks_hold_exactly_the_place_pairs(table: LinkTable) -> None:
    i, j = some_pairs(table)
    a, b = blocking.place_pairs(table)
    place = set((a * len(table) + b).tolist())
    held = blocking.place_blocks(table).holds(i, j)
    assert held.tolist() == [x in place for x in (i * len(table) + j).tolist()]


@pytest.mark.parametrize("cut", [1, 1500, 2999])
def test_a_batch_compares_the_candidate_pairs_of_its_rows(table: LinkTable, cut: int) -> None:
    index = LinkIndex()
    first_docs = int(table.doc[cut])
    head = take(table, np.arange(cut))
    head.doc_ids = table.doc_ids[:first_docs]
    for column in ("published", "text_sig", "name_sig", "n_names"):
        setattr(head, column, getattr(table, column)[:first_docs])
    _append(index, head)
    index.add_rows(0)
    tail = take(table, np.arange(cut, len(table)))
    tail.doc_ids = table.doc_ids[first_docs:]
    for column in ("published", "text_sig", "name_sig", "n_names"):
        setattr(tail, column, getattr(table, column)[first_docs:])
    tail.doc = tail.doc - first_docs
    _append(index, tail)
    chunks = list(index.new_pair_chunks(cut))
    i = np.concatenate([c[0] for c in chunks])
    j = np.concatenate([c[1] for c in chunks])
    assert np.unique(i * len(table) + j).size == len(i)
    ci, cj = candidate_pairs(table)
    new = cj >= cut
    assert np.array_equal(np.sort(i * len(table) + j), ci[new] * len(table) + cj[new])
    whole = LinkIndex()
    _append(whole, table)
    whole.add_rows(0)
    index.add_rows(cut)
    assert index.ids == whole.ids


def _append(index: LinkIndex, part: LinkTable) -> None:
    offset = 0 if index.table is None else len(index.table.doc_ids)
    part.doc = part.doc + offset
    index.table = part if index.table is None else concat(index.table, part)
    index.lsh_pairs = blocking.lsh_doc_pairs(index.table, offset, index.lsh)
    index.ids.extend([""] * len(part))


def test_concat_keeps_the_signature_bits(table: LinkTable) -> None:
    half = len(table.doc_ids) // 2
    rows = np.flatnonzero(table.doc < half)
    head = take(table, rows)
    head.doc_ids, head.published = table.doc_ids[:half], table.published[:half]
    head.text_sig, head.name_sig = table.text_sig[:half], table.name_sig[:half]
    head.n_names = table.n_names[:half]
    compare.low_bits(head, "name_sig")
    tail = take(table, np.flatnonzero(table.doc >= half))
    tail.doc_ids, tail.published = table.doc_ids[half:], table.published[half:]
    tail.text_sig, tail.name_sig = table.text_sig[half:], table.name_sig[half:]
    tail.n_names = table.n_names[half:]
    joined = concat(head, tail)
    assert set(joined.__dict__["_low_bits"]) == {"name_sig"}
    assert np.array_equal(
        joined.__dict__["_low_bits"]["name_sig"], compare.low_bits(table, "name_sig")
    )


# -- components and union -------------------------------------------------------------------


def test_components_are_those_of_union_find() -> None:
    rng = np.random.default_rng(5)
    for _ in range(300):
        n, m = int(rng.integers(2, 60)), int(rng.integers(0, 90))
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        nodes, first = components(a, b)
        uf = UnionFind(n)
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            uf.union(x, y)
        comp = uf.components()
        expected = {x: min(c) for c in comp.values() for x in c if x != min(c)}
        assert dict(zip(nodes.tolist(), first.tolist(), strict=True)) == expected


def test_union_without_guards_gives_the_incidents_of_pairwise_union(table: LinkTable) -> None:
    fast, slow = LinkIndex(), LinkIndex()
    slow.uf.guards[0] = {999: 0}  # a guard that refuses nothing: the pairwise path
    for index in (fast, slow):
        _append(index, take(table, np.arange(len(table))))
        index.add_rows(0)
    assert fast.ids == slow.ids
    assert len(set(fast.ids)) < len(table) // 2


# -- the stable sort ------------------------------------------------------------------------


@pytest.mark.parametrize("high", [2**20, 2**64 - 1])
def test_stable_order_is_a_stable_argsort(high: int) -> None:
    rng = np.random.default_rng(7)
    key = rng.integers(0, high, 50_000, dtype=np.uint64, endpoint=True)
    key[::3] = key[1::3][: len(key[::3])]  # ties
    key[100:140] = (key[100] & ~np.uint64(2**16 - 1)) | rng.integers(0, 2**16, 40, dtype=np.uint64)
    order, keys = stable_order(key)
    expected = np.argsort(key, kind="stable")
    assert np.array_equal(order, expected)
    assert np.array_equal(keys, key[expected])


def test_lsh_store_merge_is_an_insert_after_equal_keys() -> None:
    rng = np.random.default_rng(8)
    keys = np.sort(rng.integers(0, 50, 200).astype(np.uint64))
    docs = np.arange(200, dtype=np.int64)
    new_keys = np.sort(rng.integers(0, 60, 80).astype(np.uint64))
    new_docs = np.arange(200, 280, dtype=np.int64)
    at = np.searchsorted(keys, new_keys, "right")
    got_keys, got_docs = blocking._merge(keys, docs, new_keys, new_docs)
    assert np.array_equal(got_keys, np.insert(keys, at, new_keys))
    assert np.array_equal(got_docs, np.insert(docs, at, new_docs))
