"""Union-find over linked pairs: components, order independence, split guards and growth."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from harmledger.link.cluster import UnionFind, union_pairs


def partition(uf: UnionFind) -> set[frozenset[int]]:
    return {frozenset(members) for members in uf.components().values()}


def reference_partition(n: int, edges: list[tuple[int, int]]) -> set[frozenset[int]]:
    """Connected components by repeated merging of sets (no union-find)."""
    groups = [{x} for x in range(n)]
    for a, b in edges:
        ga = next(g for g in groups if a in g)
        gb = next(g for g in groups if b in g)
        if ga is not gb:
            ga |= gb
            groups.remove(gb)
    return {frozenset(g) for g in groups}


def test_components_of_a_small_graph() -> None:
    uf = UnionFind(7)
    assert union_pairs(uf, [(0, 1), (1, 2), (4, 5), (2, 0)]) == 3
    comps = uf.components()
    assert sorted(comps.values()) == [[0, 1, 2], [3], [4, 5], [6]]
    for root, members in comps.items():
        assert root in members
        assert all(uf.find(x) == root for x in members)


def test_union_reports_whether_it_joined() -> None:
    uf = UnionFind(3)
    assert uf.union(0, 1) is True
    assert uf.union(1, 0) is False
    assert uf.union(1, 1) is False
    assert uf.size[uf.find(0)] == 2


def test_components_of_some_nodes() -> None:
    uf = UnionFind(6)
    union_pairs(uf, [(0, 3), (3, 5)])
    comps = uf.components([5, 1, 0])
    assert sorted(comps.values()) == [[0, 5], [1]]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=30).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60),
            st.randoms(use_true_random=False),
        )
    )
)
def test_union_order_does_not_change_components(
    case: tuple[int, list[tuple[int, int]], random.Random],
) -> None:
    n, edges, rng = case
    first = UnionFind(n)
    union_pairs(first, edges)
    shuffled = [(b, a) if rng.random() < 0.5 else (a, b) for a, b in edges]
    rng.shuffle(shuffled)
    second = UnionFind(n)
    union_pairs(second, shuffled)
    assert partition(first) == partition(second) == reference_partition(n, edges)


# -- guards ---------------------------------------------------------------------------------


def test_guard_refuses_joining_two_sides_of_a_split() -> None:
    uf = UnionFind(4, guards={0: [(0, 0)], 1: [(0, 1)]})
    assert not uf.allowed(0, 1)
    assert uf.union(0, 1) is False
    assert uf.find(0) != uf.find(1)


def test_guard_allows_other_joins() -> None:
    uf = UnionFind(5, guards={0: [(0, 0)], 1: [(0, 1)], 4: [(0, 0)]})
    assert uf.union(0, 2) is True  # unguarded node joins a side
    assert uf.union(1, 3) is True
    assert uf.union(0, 4) is True  # same side of the same split
    assert sorted(uf.components().values()) == [[0, 2, 4], [1, 3]]


def test_guards_of_different_splits_do_not_interfere() -> None:
    uf = UnionFind(3, guards={0: [(0, 0)], 1: [(1, 1)], 2: [(1, 0)]})
    assert uf.union(0, 1) is True  # split 0 and split 1: no conflict
    assert uf.union(0, 2) is False  # now 0's set holds side 1 of split 1, 2 is side 0


def test_guard_labels_travel_with_the_merged_root() -> None:
    uf = UnionFind(4, guards={0: [(0, 0)], 1: [(0, 1)]})
    # 2 becomes the root (equal sizes: the first argument's root stays), 0's label moves to it
    assert uf.union(2, 0) is True
    assert uf.find(0) == 2
    assert uf.guards == {2: {0: 0}, 1: {0: 1}}
    assert uf.union(2, 1) is False  # refused through the unguarded member
    assert uf.union(3, 1) is True
    assert uf.union(3, 0) is False  # and through the other side's new member
    assert sorted(uf.components().values()) == [[0, 2], [1, 3]]


def test_guard_labels_travel_when_the_larger_set_absorbs() -> None:
    uf = UnionFind(5, guards={0: [(0, 0)], 4: [(0, 1)]})
    union_pairs(uf, [(1, 2), (2, 3)])  # a set of three, unguarded
    assert uf.union(0, 1) is True  # the guarded singleton is absorbed
    root = uf.find(0)
    assert root != 0 and uf.guards.get(root) == {0: 0} and 0 not in uf.guards
    assert uf.union(4, 3) is False


def test_guards_given_as_any_iterable() -> None:
    uf = UnionFind(2, guards={0: iter([(3, 0), (4, 1)]), 1: ((3, 1),)})
    assert uf.guards == {0: {3: 0, 4: 1}, 1: {3: 1}}
    assert uf.union(1, 0) is False


def test_guarded_order_matters_but_split_stays() -> None:
    """With guards the first allowed chain wins; either way the two sides never meet."""
    for edges in ([(0, 2), (2, 1)], [(2, 1), (0, 2)]):
        uf = UnionFind(3, guards={0: [(0, 0)], 1: [(0, 1)]})
        assert union_pairs(uf, edges) == 1
        assert uf.find(0) != uf.find(1)


# -- grow -----------------------------------------------------------------------------------


def test_grow_adds_lone_nodes_and_keeps_sets() -> None:
    uf = UnionFind(3)
    uf.union(0, 1)
    uf.grow(6)
    assert len(uf.parent) == len(uf.size) == 6
    assert sorted(uf.components().values()) == [[0, 1], [2], [3], [4], [5]]
    assert uf.union(5, 0) is True
    assert sorted(uf.components().values()) == [[0, 1, 5], [2], [3], [4]]


def test_grow_to_the_same_size_changes_nothing() -> None:
    uf = UnionFind(2)
    uf.union(0, 1)
    uf.grow(2)
    assert len(uf.parent) == 2 and uf.size[uf.find(0)] == 2


def test_grow_from_empty() -> None:
    uf = UnionFind(0)
    assert uf.components() == {}
    uf.grow(2)
    assert uf.components() == {0: [0], 1: [1]}


def test_guards_survive_growth() -> None:
    uf = UnionFind(2, guards={0: [(0, 0)], 1: [(0, 1)]})
    uf.grow(4)
    assert uf.union(2, 0) is True
    assert uf.union(3, 1) is True
    assert uf.union(2, 3) is False
