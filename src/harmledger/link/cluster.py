"""Claims into components: union-find over linked pairs, with analysts' splits as guards.

Two claims are in one component when a chain of linked pairs joins them (single link); the
incidents are the average-link clusters inside each component (``average``). The components
of a graph do not depend on the order its edges arrive in, so linking in batches gives the
components that linking everything at once gives.

An analyst's split leaves *guards*: each claim on one side of the split carries the label
``(split, side)``; a union that would join both sides of one split is refused, so a later
link never undoes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Guard = tuple[int, int]  # (split number, side 0 or 1)


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving, union by size and union guards."""

    def __init__(self, n: int, guards: Mapping[int, Iterable[Guard]] | None = None) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.guards: dict[int, dict[int, int]] = {}
        for node, labels in (guards or {}).items():
            self.guards[node] = dict(labels)

    def grow(self, n: int) -> None:
        """Add nodes up to ``n`` (each alone)."""
        start = len(self.parent)
        self.parent.extend(range(start, n))
        self.size.extend([1] * (n - start))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def allowed(self, a: int, b: int) -> bool:
        """False when joining the sets of ``a`` and ``b`` would undo an analyst's split."""
        ga, gb = self.guards.get(self.find(a)), self.guards.get(self.find(b))
        if not ga or not gb:
            return True
        return all(gb.get(split, side) == side for split, side in ga.items())

    def union(self, a: int, b: int) -> bool:
        """Join the sets of ``a`` and ``b``; False when they were one already or it is refused."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.allowed(ra, rb):
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        moved = self.guards.pop(rb, None)
        if moved:
            self.guards.setdefault(ra, {}).update(moved)
        return True

    def components(self, nodes: Iterable[int] | None = None) -> dict[int, list[int]]:
        """Root -> members (ascending) for ``nodes`` (default: all)."""
        out: dict[int, list[int]] = {}
        for x in range(len(self.parent)) if nodes is None else sorted(nodes):
            out.setdefault(self.find(x), []).append(x)
        return out


def union_pairs(uf: UnionFind, pairs: Iterable[tuple[int, int]]) -> int:
    """Union every pair; returns how many unions joined two sets."""
    return sum(uf.union(a, b) for a, b in pairs)
