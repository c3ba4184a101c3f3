"""Scoring pairs with exact pruning: the costly MinHash levels only where a pair can link.

This is an optimisation of ``pair_features(t, i, j) @ weights`` and no part of the link model:
``plan(model)`` derives from the model which levels are cheap and which need the documents'
MinHash signatures (``model.COSTLY_MEASURES``), and ``score`` adds the cheap levels first and
computes the costly ones only for pairs whose cheap part plus the most the costly comparisons
can add (``costly_bound``) is above a floor, once per pair of documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from harmledger.errors import ConfigError, LinkError
from harmledger.link.blocking import stable_order
from harmledger.link.compare import F32, THRESHOLD, level_columns
from harmledger.link.model import COSTLY_MEASURES, Level, LinkModel, link_model
from harmledger.link.table import I64, LinkTable

#: Pairs whose per-pair levels are computed at once (a block stays in the CPU caches).
SCORE_BLOCK = 1 << 16
#: Slack of the pruning bound, far above float32 rounding: pruning never drops a pair that
#: scores above the floor.
_SLACK = 1e-3


@dataclass(frozen=True, slots=True)
class Plan:
    """A model's levels split for pruned scoring: the cheap ones before the costly ones
    (``heads``, after the bias), the costly ones (``costly``, of the comparisons numbered
    ``groups``), the cheap ones after (``tails``); ``first`` is the feature index of the
    first costly level (the bias is feature 0)."""

    heads: tuple[Level, ...]
    costly: tuple[Level, ...]
    tails: tuple[Level, ...]
    groups: tuple[int, ...]

    @property
    def first(self) -> int:
        return 1 + len(self.heads)


_PLANS: dict[LinkModel, Plan] = {}


def plan(model: LinkModel | None = None) -> Plan:
    """The split of ``model``'s levels (the model in use by default); ConfigError when its
    costly levels are not consecutive."""
    model = link_model() if model is None else model
    if model not in _PLANS:
        levels, groups = [], []
        for number, comparison in enumerate(model.comparisons):
            for level in comparison.levels:
                levels.append(level)
                groups.append(number)
        costly = [k for k, lv in enumerate(levels) if lv.test.measure in COSTLY_MEASURES]
        if costly and costly != list(range(costly[0], costly[-1] + 1)):
            raise ConfigError(f"link model {model.version}: the MinHash levels must be consecutive")
        lo, hi = (costly[0], costly[-1] + 1) if costly else (len(levels), len(levels))
        _PLANS[model] = Plan(
            tuple(levels[:lo]), tuple(levels[lo:hi]), tuple(levels[hi:]), tuple(groups[lo:hi])
        )
    return _PLANS[model]


def score(
    t: LinkTable,
    i: I64,
    j: I64,
    w: F32 | None = None,
    floor: float | None = THRESHOLD,
    model: LinkModel | None = None,
) -> F32:
    """The match score (log-odds) of each pair; above ``THRESHOLD`` means the same incident.

    Pairs that cannot score above ``floor`` get ``-inf`` (exact pruning): the cheap levels are
    added first, and the costly MinHash levels are computed only for pairs whose cheap part
    plus the most those levels can add (``costly_bound``, from the weights) is above
    ``floor``, once per pair of documents. Every other score is exactly the sum of
    ``pair_features(t, i, j) @ w`` (the same float32 additions in the same order). Pass a lower
    ``floor`` (clustering on scores down to -3, say) or ``None`` to score every pair.
    Claims of one document score ``inf`` (one segment) or ``-inf``, whatever the floor.
    ``w``: weights other than ``model``'s, one per entry of its ``features``.
    """
    if len(i) == 0:
        return np.zeros(0, np.float32)
    model = link_model() if model is None else model
    p = plan(model)
    w = model.weights() if w is None else w
    heads, costly, tails = 1 + len(p.heads), len(p.costly), len(p.tails)
    partial = np.empty(len(i), np.float32)
    tail = np.empty((tails, len(i)), np.float32)
    for k in range(0, len(i), SCORE_BLOCK):
        bi, bj = i[k : k + SCORE_BLOCK], j[k : k + SCORE_BLOCK]
        partial[k : k + SCORE_BLOCK] = _weighted_sum(
            w[:heads], level_columns(t, bi, bj, p.heads, bias=True)
        )
        for c, column in enumerate(level_columns(t, bi, bj, p.tails)):
            tail[c, k : k + SCORE_BLOCK] = np.float32(w[heads + costly + c]) * column
    same_doc = t.doc[i] == t.doc[j]
    bound = partial + np.float32(costly_bound(w[heads : heads + costly], p)) + tail.sum(0)
    alive = ~same_doc if floor is None else ~same_doc & (bound > floor - _SLACK)
    out = np.where(same_doc, np.where(t.segment[i] == t.segment[j], np.inf, -np.inf), -np.inf)
    rows = np.flatnonzero(alive)
    totals = partial[rows]
    for weighted in costly_weighted(t, i[rows], j[rows], w[heads : heads + costly], p):
        totals += weighted
    for c in range(tails):
        totals += tail[c, rows]
    out[rows] = totals
    return out.astype(np.float32)


def _weighted_sum(w: F32, columns: list[F32]) -> F32:
    if len(w) != len(columns):
        raise LinkError(f"{len(columns)} level columns for {len(w)} weights")
    total = np.zeros(len(columns[0]), np.float32)
    for weight, column in zip(w.tolist(), columns, strict=True):
        total += np.float32(weight) * column  # the order of ``pair_features``'s columns
    return total


def costly_bound(w: F32, p: Plan) -> float:
    """The most the costly levels (weights ``w``) can add to a score: levels of one
    comparison exclude each other, so each comparison adds at most its largest positive
    weight."""
    best: dict[int, float] = {}
    for group, weight in zip(p.groups, w.tolist(), strict=True):
        best[group] = max(best.get(group, 0.0), weight)
    return sum(best.values())


def costly_weighted(t: LinkTable, i: I64, j: I64, w: F32, p: Plan) -> list[F32]:
    """The weighted costly levels of pairs ``(i, j)`` (of two documents), one column per
    comparison (its levels exclude each other, so adding it adds the same float32 as adding
    its levels one by one), computed once per pair of documents (they depend on nothing else)."""
    comparisons = list(dict.fromkeys(p.groups))
    if len(i) == 0:
        return [np.zeros(0, np.float32) for _ in comparisons]
    n_docs = np.uint64(max(len(t.doc_ids), 1))
    key = t.doc[i].astype(np.uint64) * n_docs + t.doc[j].astype(np.uint64)
    order, keys = stable_order(key)
    new = np.r_[True, keys[1:] != keys[:-1]]
    which = np.empty(len(i), np.int64)
    which[order] = np.cumsum(new) - 1
    reps = order[new]
    out = np.zeros((len(comparisons), len(reps)), np.float32)
    for k in range(0, len(reps), SCORE_BLOCK):
        block = reps[k : k + SCORE_BLOCK]
        columns = level_columns(t, i[block], j[block], p.costly)
        check_levels(columns, p)
        for c, column in enumerate(columns):
            row = comparisons.index(p.groups[c])
            out[row, k : k + SCORE_BLOCK] += np.float32(w[c]) * column
    return [out[c][which] for c in range(len(comparisons))]


def check_levels(columns: list[F32], p: Plan) -> None:
    """The costly columns must be 0/1 levels, at most one per comparison (what
    ``costly_bound`` assumes); a model whose levels break this is refused."""
    if len(columns) != len(p.costly):
        raise LinkError(f"{len(columns)} MinHash level columns; the plan expects {len(p.costly)}")
    totals: dict[int, F32] = {}
    for level, group, column in zip(p.costly, p.groups, columns, strict=True):
        totals[group] = totals.get(group, 0) + column
        if ((column != 0) & (column != 1)).any():
            raise LinkError(f"{level.name} is not a 0/1 level")
    if any((total > 1).any() for total in totals.values()):
        raise LinkError("two levels of one comparison at once; costly_bound needs one")
