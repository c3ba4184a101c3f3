"""Average-link clustering inside the single-link components of the linked pairs.

Single link joins two claims as soon as one chain of linked pairs joins them, so city-wide
round-ups chain many incidents into one. Inside each component this module clusters again,
by **average link**: two clusters merge while the mean score of the pairs between them is
above ``THRESHOLD``, the best pair of clusters first.

- The unit is a *segment of a document* (``features.segments``): the claims of one segment
  always stay together (they link within their document whatever their scores), and two
  segments of one document never join (a round-up's parts are other incidents). A pair of
  units scores the best of its linked claim pairs; a pair of units that is not linked (never
  a candidate, scored below the linking threshold, or pruned before scoring) counts
  ``MISSING``; two segments of one document count minus infinity.
- A cluster's linkage to another is the mean over all their pairs of units; clusters that an
  analyst joined (*bonds*, see ``LinkIndex.bonds``) start as one cluster and stay one.
- The result depends only on the component's units, pairs, scores and bonds: merges are made
  best first, ties broken by the clusters' first items, so linking in batches (which
  recomputes every component a batch touches) gives the clusters of linking at once.

Components whose clusters are all linked to each other above the threshold are one cluster
without any agglomeration (the usual case); the rest are agglomerated together, by rounds of
reciprocal best pairs (``reciprocal``), which make the merges of the plain greedy loop
(``agglomerate``, kept as its definition). A component of more than ``MAX_UNITS`` units is
left whole (single link), which bounds the work of a batch.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from harmledger.link.model import link_model

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

#: Merge two clusters while the mean score of their unit pairs is above this (log-odds);
#: fitted on dev with ``MISSING`` and ``compare.THRESHOLD`` (the link model's "clustering",
#: docs/LINKING.md).
THRESHOLD = link_model().clustering.threshold
#: What a pair of units that is not linked counts in the mean.
MISSING = link_model().clustering.missing
#: A component of more units than this stays one cluster, as under single link: clustering
#: it again on every batch that touches it would cost seconds (the million-claim synthetic
#: ledger has one of ~300,000 units, a chain through dense cities over years; the largest on
#: the dev data has 273).
MAX_UNITS = link_model().clustering.max_units


def first_of(*keys: I64) -> I64:
    """For each position, the first position holding the same keys."""
    n = len(keys[0])
    if n == 0:
        return np.zeros(0, np.int64)
    order = np.lexsort(keys[::-1])
    head = np.zeros(n, dtype=bool)
    head[0] = True
    for key in keys:
        ranked = key[order]
        head[1:] |= ranked[1:] != ranked[:-1]
    group = np.cumsum(head) - 1
    out = np.empty(n, np.int64)
    out[order] = order[head][group]
    return out


def join_labels(n: int, a: I64, b: I64) -> I64:
    """Per node of ``0..n-1``, the smallest node of its component in the graph of edges
    ``(a, b)`` (numpy: hook larger labels to smaller ones until nothing changes)."""
    label = np.arange(n, dtype=np.int64)
    while a.size:
        la, lb = label[a], label[b]
        cross = la != lb
        a, b = a[cross], b[cross]
        if not a.size:
            break
        lo, hi = np.minimum(la[cross], lb[cross]), np.maximum(la[cross], lb[cross])
        np.minimum.at(label, hi, lo)
        while not np.array_equal(jumped := label[label], label):
            label = jumped
    return label


def clusters(
    comp: I64,
    doc: I64,
    segment: I64,
    bond: I64,
    pairs: tuple[I64, I64, npt.NDArray[np.floating]],
    threshold: float = THRESHOLD,
    missing: float = MISSING,
    max_units: int = MAX_UNITS,
) -> I64:
    """Average-link clusters of items ``0..n-1`` (in linking order), given per item its
    component, document, segment and bond (any label shared by the items an analyst joined,
    within one component), and the linked pairs of items of two documents ``(i, j, score)``
    inside the components. Returns per item the first item of its cluster (a component of
    more than ``max_units`` units is one cluster)."""
    n = len(comp)
    if n == 0:
        return np.zeros(0, np.int64)
    if missing >= threshold:
        raise ValueError("a missing pair must count below the threshold")
    comp = np.unique(comp, return_inverse=True)[1].astype(np.int64).ravel()
    unit = first_of(comp, doc, segment)
    big = np.bincount(comp[unit == np.arange(n)], minlength=n)[comp] > max_units
    if big.any():
        return _whole_big(big, comp, doc, segment, bond, pairs, threshold, missing, max_units)
    start = join_labels(n, unit, first_of(comp, bond))[unit]
    a, b, total, count = _cluster_edges(comp, doc, unit, start, pairs)
    size = np.bincount(start[unit == np.arange(n)], minlength=n)
    out = start.copy()
    slow = _not_complete(comp, start, size, a, b, total, count, threshold, missing)
    whole = ~np.isin(comp, slow)
    out[whole] = _first_in(comp[whole], start[whole])
    if slow.size:
        picked = np.isin(comp[a], slow)
        edges = (a[picked], b[picked], total[picked], count[picked])
        owner = reciprocal(edges, size, threshold, missing)
        out[~whole] = owner[start[~whole]]
    return out


def _whole_big(
    big: npt.NDArray[np.bool_],
    comp: I64,
    doc: I64,
    segment: I64,
    bond: I64,
    pairs: tuple[I64, I64, npt.NDArray[np.floating]],
    threshold: float,
    missing: float,
    max_units: int,
) -> I64:
    """``clusters`` when some components (``big`` items) have too many units: those are one
    cluster each, the rest are clustered alone (their pairs never touch a big component)."""
    out = np.empty(len(comp), np.int64)
    out[big] = _first_in(comp[big], np.flatnonzero(big))
    rest = np.flatnonzero(~big)
    at = np.cumsum(~big) - 1
    i, j, s = pairs
    small = ~big[i]
    inner = (at[i[small]], at[j[small]], s[small])
    found = clusters(comp[rest], doc[rest], segment[rest], bond[rest], inner,
                     threshold, missing, max_units)  # fmt: skip
    out[rest] = rest[found]
    return out


def _first_in(comp: I64, start: I64) -> I64:
    """Per item, the smallest ``start`` label of its component."""
    first = np.full(int(comp.max()) + 1 if comp.size else 0, np.iinfo(np.int64).max)
    np.minimum.at(first, comp, start)
    return first[comp]


def _cluster_edges(
    comp: I64,
    doc: I64,
    unit: I64,
    start: I64,
    pairs: tuple[I64, I64, npt.NDArray[np.floating]],
) -> tuple[I64, I64, F64, I64]:
    """Edges between starting clusters: (first, second, sum of unit-pair scores, number of
    unit pairs), each once with first < second. Unit pairs score their best claim pair; two
    segments of one document score minus infinity."""
    i, j, s = pairs
    ua, ub = np.minimum(unit[i], unit[j]), np.maximum(unit[i], unit[j])
    keep = ua != ub
    ua, ub, s = ua[keep], ub[keep], np.asarray(s, np.float64)[keep]
    order = np.lexsort((-s, ub, ua))
    ua, ub, s = ua[order], ub[order], s[order]
    head = np.ones(len(ua), dtype=bool)
    head[1:] = (ua[1:] != ua[:-1]) | (ub[1:] != ub[:-1])
    ua, ub, s = ua[head], ub[head], s[head]
    xa, xb = _segments_of_one_document(comp, doc, unit)
    ua, ub = np.concatenate([ua, xa]), np.concatenate([ub, xb])
    s = np.concatenate([s, np.full(len(xa), -np.inf)])
    ca, cb = start[ua], start[ub]
    ca, cb = np.minimum(ca, cb), np.maximum(ca, cb)
    inside = ca != cb
    ca, cb, s = ca[inside], cb[inside], s[inside]
    if not len(ca):
        return ca, cb, s, np.zeros(0, np.int64)
    order = np.lexsort((cb, ca))
    ca, cb, s = ca[order], cb[order], s[order]
    head = np.ones(len(ca), dtype=bool)
    head[1:] = (ca[1:] != ca[:-1]) | (cb[1:] != cb[:-1])
    at = np.flatnonzero(head)
    return ca[at], cb[at], np.add.reduceat(s, at), np.diff(np.append(at, len(ca)))


def _segments_of_one_document(comp: I64, doc: I64, unit: I64) -> tuple[I64, I64]:
    """Every pair of units that are two segments of one document in one component."""
    heads = np.flatnonzero(unit == np.arange(len(unit)))
    group = first_of(comp[heads], doc[heads])
    shared = np.flatnonzero(np.bincount(group, minlength=len(heads))[group] > 1)
    a: list[int] = []
    b: list[int] = []
    members: dict[int, list[int]] = {}
    for k in shared.tolist():
        members.setdefault(int(group[k]), []).append(int(heads[k]))
    for units in members.values():
        for x, left in enumerate(units):
            for right in units[x + 1 :]:
                a.append(left)
                b.append(right)
    return np.asarray(a, np.int64), np.asarray(b, np.int64)


def _not_complete(
    comp: I64,
    start: I64,
    size: I64,
    a: I64,
    b: I64,
    total: F64,
    count: I64,
    threshold: float,
    missing: float,
) -> I64:
    """The components that are not one cluster at once: those with two starting clusters
    whose linkage is not above the threshold (a pair of them without an edge included)."""
    roots = start == np.arange(len(start))
    clusters_in = np.bincount(comp[roots], minlength=len(comp)).astype(np.int64)
    edges_in = np.bincount(comp[a], minlength=len(comp)).astype(np.int64)
    mean = _mean(total, count, size[a] * size[b], missing)
    low = np.bincount(comp[a], weights=mean <= threshold, minlength=len(comp)) > 0
    incomplete = edges_in < clusters_in * (clusters_in - 1) // 2
    return np.flatnonzero((incomplete | low) & (clusters_in > 1)).astype(np.int64)


def _mean(total: F64, count: I64, pairs: I64, missing: float) -> F64:
    with np.errstate(invalid="ignore"):
        return (total + missing * (pairs - count)) / pairs


def reciprocal(
    edges: tuple[I64, I64, F64, I64],
    size: I64,
    threshold: float = THRESHOLD,
    missing: float = MISSING,
) -> I64:
    """Average link over nodes ``0..len(size)-1`` of ``size`` units each, by rounds of
    reciprocal best pairs (numpy, all components at once): every node's best edge is its
    first in the order (linkage descending, first node, second node); two nodes whose best
    edges are one edge above ``threshold`` merge, the smaller keeping its number. Average
    linkage is reducible (a merged cluster's linkage to a third is a weighted mean of its
    parts'), so this makes the merges of ``agglomerate``; a node whose best linkage is not
    above the threshold never merges again, and its edges are dropped. ``edges`` are
    ``(first, second, sum of scores, pairs scored)``, ``first < second``, each pair once,
    sorted. Returns per node the first node of its cluster."""
    a, b, total, count = edges
    owner = np.arange(len(size), dtype=np.int64)
    size = size.astype(np.int64)
    while len(a):
        link = _mean(total, count, size[a] * size[b], missing)
        rank = np.empty(len(a), np.int64)
        rank[np.argsort(-link, kind="stable")] = np.arange(len(a))
        best = np.full(len(size), len(a), np.int64)
        np.minimum.at(best, a, rank)
        np.minimum.at(best, b, rank)
        mutual = (best[a] == rank) & (best[b] == rank) & (link > threshold)
        if not mutual.any():
            break
        ma, mb = a[mutual], b[mutual]
        owner[mb] = ma
        size[ma] += size[mb]
        top = np.full(len(size), -np.inf)
        np.maximum.at(top, a, link)
        np.maximum.at(top, b, link)
        live = (top[a] > threshold) & (top[b] > threshold)
        a, b, total, count = _relabel_edges(owner, a[live], b[live], total[live], count[live])
    while not np.array_equal(jumped := owner[owner], owner):
        owner = jumped
    return owner


def _relabel_edges(owner: I64, a: I64, b: I64, total: F64, count: I64) -> tuple[I64, I64, F64, I64]:
    """Edges between the clusters that ``owner`` merged: renamed, inner ones dropped, parallel
    ones added up (in their order, so the sums do not depend on anything else), sorted."""
    a, b = owner[a], owner[b]
    a, b = np.minimum(a, b), np.maximum(a, b)
    cross = a != b
    a, b, total, count = a[cross], b[cross], total[cross], count[cross]
    order = np.lexsort((b, a))
    a, b, total, count = a[order], b[order], total[order], count[order]
    head = np.ones(len(a), dtype=bool)
    head[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    at = np.flatnonzero(head)
    if not len(at):
        return a, b, total, count
    return a[at], b[at], np.add.reduceat(total, at), np.add.reduceat(count, at)


Edge = tuple[int, int, float, int]


def agglomerate(
    nodes: Sequence[int],
    size: dict[int, int],
    edges: Sequence[Edge],
    threshold: float = THRESHOLD,
    missing: float = MISSING,
) -> dict[int, int]:
    """Greedy average link: node -> the smallest node of its cluster. ``edges`` are
    ``(a, b, sum of scores, pairs scored)`` with ``a < b``; a cluster pair's linkage is the
    mean over all its unit pairs, those without a score counting ``missing``. The best pair
    merges first (ties: the smaller first nodes), while the best linkage is above
    ``threshold``."""
    links: Links = {x: {} for x in nodes}
    for a, b, total, count in edges:
        links[a][b] = links[b][a] = [total, count]
    weight = dict(size)
    heap = [(-_linkage(v, weight[a] * weight[b], missing), a, b, 0, 0)
            for a in nodes for b, v in links[a].items() if a < b]  # fmt: skip
    heapq.heapify(heap)
    version = dict.fromkeys(nodes, 0)
    owner = {x: x for x in nodes}
    while heap:
        m, a, b, va, vb = heapq.heappop(heap)
        if version.get(a) != va or version.get(b) != vb:
            continue
        if -m <= threshold:
            break
        _merge(links, weight, a, b)
        del version[b]
        version[a] += 1
        owner[b] = a
        for z, v in links[a].items():
            x, y = min(a, z), max(a, z)
            heapq.heappush(heap, (-_linkage(v, weight[a] * weight[z], missing), x, y,
                                  version[x], version[y]))  # fmt: skip
    return {x: _root(owner, x) for x in nodes}


def _linkage(v: list[float], pairs: int, missing: float) -> float:
    total, count = v
    return (total + missing * (pairs - count)) / pairs


Links = dict[int, dict[int, list[float]]]


def _merge(links: Links, weight: dict[int, int], a: int, b: int) -> None:
    """Merge cluster ``b`` into ``a`` (``a < b``), adding up their links to every other."""
    weight[a] += weight.pop(b)
    gone = links.pop(b)
    gone.pop(a, None)
    links[a].pop(b, None)
    for z, (total, count) in gone.items():
        del links[z][b]
        if z in links[a]:
            v = links[a][z]
            links[a][z] = links[z][a] = [v[0] + total, v[1] + count]
        else:
            links[a][z] = links[z][a] = [total, count]


def _root(owner: dict[int, int], x: int) -> int:
    while owner[x] != x:
        x = owner[x]
    return x
