"""Average link inside single-link components: what it keeps apart, that it does not depend on
the order or the batches, and that analysts' bonds hold.

Most tests give the pairs their scores by hand (``scores``): every claim is in Baniyas on one
day, so every pair is a candidate, and a pair of two documents scores what the test says
(``NOT_LINKED`` when it says nothing).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping

import numpy as np
import numpy.typing as npt
import pytest

from harmledger.link import average, index
from harmledger.link.compare import THRESHOLD
from harmledger.link.index import LinkIndex, LinkResult, incident_id
from harmledger.link.table import LinkTable
from test_link_table import make_claim, make_doc, words

I64 = npt.NDArray[np.int64]
NOT_LINKED = -2.0
Scores = Mapping[tuple[str, str], float]


@pytest.fixture
def scores(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Scores], None]]:
    """Set the score of pairs of documents by hand (key: the two document ids, sorted)."""
    table: dict[tuple[str, str], float] = {}

    def fake(t: LinkTable, i: I64, j: I64, floor: float | None = None) -> npt.NDArray[np.float32]:
        out = []
        for a, b in zip(i.tolist(), j.tolist(), strict=True):
            da, db = t.doc_ids[int(t.doc[a])], t.doc_ids[int(t.doc[b])]
            if da == db:
                out.append(np.inf if t.segment[a] == t.segment[b] else -np.inf)
            else:
                out.append(table.get((min(da, db), max(da, db)), NOT_LINKED))
        return np.asarray(out, np.float32)

    monkeypatch.setattr(index, "score", fake)
    yield table.update


def add(idx: LinkIndex, names: list[str], start: int) -> LinkResult:
    """Add one report per name (one claim each, Baniyas, one day), seqs from ``start``."""
    docs = [make_doc(n, words(k + start)) for k, n in enumerate(names)]
    claims = [(start + k, make_claim(n)) for k, n in enumerate(names)]
    return idx.add(docs, claims)


def link(names: list[str], cuts: list[int]) -> LinkIndex:
    idx = LinkIndex()
    for a, b in itertools.pairwise([0, *cuts, len(names)]):
        add(idx, names[a:b], a)
    return idx


def groups(idx: LinkIndex) -> dict[str, list[str]]:
    t = idx.table
    assert t is not None
    return {i: [t.doc_ids[int(t.doc[x])] for x in items] for i, items in idx.incidents().items()}


# -- what average link keeps apart ----------------------------------------------------------


def test_single_link_chains_a_b_c_but_average_link_keeps_c_apart(
    scores: Callable[[Scores], None],
) -> None:
    scores({("a", "b"): 5.0, ("b", "c"): 1.0})  # a-c not linked: counts MISSING
    assert THRESHOLD < 1.0  # b-c links, so a, b and c are one component
    idx = link(["a", "b", "c"], [])
    assert len(set(idx.comp.tolist())) == 1
    assert groups(idx) == {incident_id("a", 0): ["a", "b"], incident_id("c", 0): ["c"]}


def test_a_bridge_strong_enough_for_the_mean_joins(scores: Callable[[Scores], None]) -> None:
    scores({("a", "b"): 5.0, ("b", "c"): 2.0})  # mean of {a, b} to c: (2 - 1) / 2 > 0
    assert groups(link(["a", "b", "c"], [])) == {incident_id("a", 0): ["a", "b", "c"]}


# -- batches ---------------------------------------------------------------------------------


@pytest.mark.parametrize("order", list(itertools.permutations("abc")))
@pytest.mark.parametrize("cuts", [[], [1], [2], [1, 2]])
def test_batches_give_the_incidents_and_ids_of_one_run(
    scores: Callable[[Scores], None], order: tuple[str, ...], cuts: list[int]
) -> None:
    scores({("a", "b"): 5.0, ("b", "c"): 1.0})
    names = list(order)
    assert link(names, cuts).ids == link(names, []).ids


def test_a_later_report_takes_a_claim_out_of_its_incident(
    scores: Callable[[Scores], None],
) -> None:
    """b and c are one incident until a arrives, close to b: then c stands alone. The id of
    b's incident stays (its founding claim stays), c's claim gets an incident of its own."""
    scores({("a", "b"): 5.0, ("b", "c"): 1.0})
    idx = LinkIndex()
    add(idx, ["b", "c"], 0)
    assert groups(idx) == {incident_id("b", 0): ["b", "c"]}
    result = add(idx, ["a"], 2)
    assert result.merged == {}
    assert result.changed == {incident_id("b", 0): [0, 2], incident_id("c", 0): [1]}
    assert idx.ids == link(["b", "c", "a"], []).ids


def test_a_later_report_can_merge_two_incidents(scores: Callable[[Scores], None]) -> None:
    scores({("a", "b"): 3.0, ("b", "c"): 3.0})
    idx = LinkIndex()
    add(idx, ["a", "c"], 0)
    assert len(idx.incidents()) == 2
    result = add(idx, ["b"], 2)
    assert result.merged == {incident_id("c", 0): incident_id("a", 0)}
    assert groups(idx) == {incident_id("a", 0): ["a", "c", "b"]}


# -- analysts' bonds -------------------------------------------------------------------------


def test_a_bond_holds_what_average_link_would_part(scores: Callable[[Scores], None]) -> None:
    scores({("a", "b"): 5.0, ("b", "c"): 1.0})
    idx = link(["a", "b", "c"], [])
    idx.force_union([0, 2])  # an analyst merges c into a's incident
    idx.reassign()
    assert groups(idx) == {incident_id("a", 0): ["a", "b", "c"]}
    add(idx, ["d"], 3)  # a later batch clusters the component again: the bond holds
    assert groups(idx) == {incident_id("a", 0): ["a", "b", "c"], incident_id("d", 0): ["d"]}


# -- the clustering itself -------------------------------------------------------------------


def _clusters(n: int, pairs: list[tuple[int, int, float]], **kw: object) -> list[int]:
    i, j, s = (np.asarray(v) for v in zip(*pairs, strict=True))
    comp = average.join_labels(n, i.astype(np.int64), j.astype(np.int64))
    doc = np.asarray(kw.pop("doc", np.arange(n)), np.int64)
    segment = np.asarray(kw.pop("segment", np.zeros(n)), np.int64)
    bond = np.asarray(kw.pop("bond", np.arange(n)), np.int64)
    return average.clusters(comp, doc, segment, bond, (i, j, s), **kw).tolist()  # type: ignore[arg-type]


def test_two_segments_of_one_document_never_join() -> None:
    # items 0 and 1: one document, two segments; both close to item 2
    pairs = [(0, 2, 6.0), (1, 2, 6.0)]
    assert _clusters(3, pairs, doc=[0, 0, 1], segment=[0, 1, 0]) == [0, 1, 0]
    assert _clusters(3, pairs) == [0, 0, 0]


def test_claims_of_one_segment_are_one_unit_scored_by_their_best_pair() -> None:
    # items 0, 1: one segment of one document; 2 and 3 other documents
    pairs = [(0, 2, 0.9), (1, 2, 4.0), (2, 3, 4.0), (0, 3, 0.8)]
    assert _clusters(4, pairs, doc=[0, 0, 1, 2]) == [0, 0, 0, 0]


def test_bonded_items_start_and_stay_together() -> None:
    pairs = [(0, 1, 5.0), (1, 2, 1.0)]
    assert _clusters(3, pairs) == [0, 0, 2]
    assert _clusters(3, pairs, bond=[0, 1, 0]) == [0, 0, 0]


def test_a_component_over_max_units_stays_whole() -> None:
    pairs = [(0, 1, 5.0), (1, 2, 1.0)]
    assert _clusters(3, pairs, max_units=2) == [0, 0, 0]
    assert _clusters(3, pairs, max_units=3) == [0, 0, 2]


def test_clusters_do_not_depend_on_the_order_of_the_pairs() -> None:
    rng = np.random.default_rng(3)
    n = 40
    pairs = [(a, b, float(rng.normal(1.5, 2))) for a in range(n) for b in range(a + 1, n)
             if rng.random() < 0.15]  # fmt: skip
    pairs = [p for p in pairs if p[2] > THRESHOLD]
    first = _clusters(n, pairs)
    for seed in range(5):
        shuffled = list(pairs)
        np.random.default_rng(seed).shuffle(shuffled)  # type: ignore[arg-type]
        assert _clusters(n, [(b, a, s) if k % 2 else (a, b, s)
                             for k, (a, b, s) in enumerate(shuffled)]) == first  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_reciprocal_rounds_make_the_merges_of_the_greedy_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    edges = sorted({tuple(sorted(rng.choice(n, 2, replace=False).tolist()))
                    for _ in range(int(rng.integers(1, n * 2)))})  # fmt: skip
    size = rng.integers(1, 4, n)
    a = np.asarray([e[0] for e in edges], np.int64)
    b = np.asarray([e[1] for e in edges], np.int64)
    count = np.minimum(rng.integers(1, 5, len(a)), size[a] * size[b]).astype(np.int64)
    total = rng.normal(0.5, 2.0, len(a)) * count
    if seed % 4 == 0:
        total[0] = -np.inf  # two segments of one document
    fast = average.reciprocal((a, b, total, count), size)
    greedy = average.agglomerate(
        list(range(n)),
        {x: int(size[x]) for x in range(n)},
        list(zip(a.tolist(), b.tolist(), total.tolist(), count.tolist(), strict=True)),
    )
    assert fast.tolist() == [greedy[x] for x in range(n)]


def test_a_missing_pair_must_count_below_the_threshold() -> None:
    with pytest.raises(ValueError, match="missing"):
        _clusters(2, [(0, 1, 5.0)], threshold=-1.0, missing=-0.5)


def test_first_of_gives_the_first_position_of_each_key() -> None:
    keys = np.asarray([3, 1, 3, 1, 2])
    assert average.first_of(keys).tolist() == [0, 1, 0, 1, 4]
    other = np.asarray([0, 0, 1, 0, 0])
    assert average.first_of(keys, other).tolist() == [0, 1, 2, 1, 4]
