"""How alike two claims are: comparison features of candidate pairs and a match score.

``pair_features`` turns pairs ``(i, j)`` of a ``LinkTable`` into a matrix of binned
comparison features (the Fellegi-Sunter habit that splink follows: each comparison falls in
one level, each level has a weight). ``score`` adds the weights of the levels a pair falls in;
a pair links when its score is above ``THRESHOLD``. Claims of one document are not
scored: they link when they tell of the same segment of it (``features.segments``): a
specific toll far below the document's main one is a part of it, nested by ``nest``.
The weights are a logistic regression fitted on the dev part of the link data
(``scripts/fit_link_weights.py``) and shipped in ``weights.json``; they are plain numbers,
the same for every claim, never per document.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from harmledger.errors import LinkError
from harmledger.link.blocking import stable_order
from harmledger.link.minhash import EMPTY, NEAR_DUPLICATE
from harmledger.link.table import I64, UNKNOWN, LinkTable
from harmledger.resolve.distance import EARTH_RADIUS_KM

F32 = npt.NDArray[np.float32]
EARTH_KM = EARTH_RADIUS_KM

#: The comparison levels, one column each, in the order of ``weights.json``.
FEATURES: tuple[str, ...] = (
    "bias",
    "same_document",
    "same_kind",
    "dates_overlap",
    "dates_1_3_days",
    "dates_4_30_days",
    "dates_31_plus_days",
    "km_0_5",
    "km_5_25",
    "km_25_100",
    "km_100_plus",
    "same_admin2",
    "place_inferred",
    "no_place",
    "country_differs",
    "admin1_differs",
    "count_equal",
    "count_differs",
    "aggregate_mismatch",
    "text_near_duplicate",
    "text_similar",
    "names_0",
    "names_low",
    "names_mid",
    "names_high",
    "victims_overlap",
    "perpetrators_overlap",
)
#: Levels whose weight is set, not fitted: one incident happens in one country, so claims
#: placed in two countries never link (the fit script holds these fixed).
FIXED_WEIGHTS: dict[str, float] = {"country_differs": -10.0}
#: A pair links above this (log-odds): linked pairs make the single-link components inside
#: which ``average`` clusters. Chosen on dev for B-cubed F1 together with ``average.THRESHOLD``
#: and ``average.MISSING`` (1.0 when single link was the whole clustering).
THRESHOLD = 0.75


def haversine_km(lat1: F32, lon1: F32, lat2: F32, lon2: F32) -> F32:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return (2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))).astype(np.float32)


def _mask_overlap(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> F32:
    both = np.bitwise_count(a & b).astype(np.float32)
    either = np.bitwise_count(a | b).astype(np.float32)
    return np.where(either > 0, both / np.maximum(either, 1), 0).astype(np.float32)


def _date_levels(t: LinkTable, i: I64, j: I64) -> list[F32]:
    dated = (t.lo[i] != UNKNOWN) & (t.lo[j] != UNKNOWN)
    gap = np.maximum(t.lo[i], t.lo[j]) - np.minimum(t.hi[i], t.hi[j])
    return [
        (dated & (gap <= 0)).astype(np.float32),
        (dated & (gap >= 1) & (gap <= 3)).astype(np.float32),
        (dated & (gap >= 4) & (gap <= 30)).astype(np.float32),
        (dated & (gap > 30)).astype(np.float32),
    ]


def _place_levels(t: LinkTable, i: I64, j: I64) -> list[F32]:
    km = haversine_km(t.lat[i], t.lon[i], t.lat[j], t.lon[j])
    located = ~np.isnan(km)
    same_admin2 = (t.admin2[i] == t.admin2[j]) & (t.admin2[i] != UNKNOWN)
    return [
        (located & (km <= 5)).astype(np.float32),
        (located & (km > 5) & (km <= 25)).astype(np.float32),
        (located & (km > 25) & (km <= 100)).astype(np.float32),
        (located & (km > 100)).astype(np.float32),
        same_admin2.astype(np.float32),
        (t.inferred[i] | t.inferred[j]).astype(np.float32),
        (~located).astype(np.float32),
        *_area_levels(t, i, j),
    ]


def _area_levels(t: LinkTable, i: I64, j: I64) -> list[F32]:
    """Claims told of in two countries, or two first-order divisions of one country (from
    their own places or the province or country their report names): one incident happens
    in one of them."""
    both_countries = (t.country[i] != UNKNOWN) & (t.country[j] != UNKNOWN)
    country_differs = both_countries & (t.country[i] != t.country[j])
    both_admin1 = (t.admin1[i] != UNKNOWN) & (t.admin1[j] != UNKNOWN)
    admin1_differs = ~country_differs & both_admin1 & (t.admin1[i] != t.admin1[j])
    return [country_differs.astype(np.float32), admin1_differs.astype(np.float32)]


def _count_levels(t: LinkTable, i: I64, j: I64) -> list[F32]:
    same = t.kind[i] == t.kind[j]
    known = (t.best[i] != UNKNOWN) & (t.best[j] != UNKNOWN) & same
    return [
        (known & (t.best[i] == t.best[j])).astype(np.float32),
        (known & (t.best[i] != t.best[j])).astype(np.float32),
        (t.aggregate[i] != t.aggregate[j]).astype(np.float32),
    ]


def low_bits(t: LinkTable, column: str) -> npt.NDArray[np.uint16]:
    """The low 16 bits of a signature column, with empty signatures' values set apart: b-bit
    MinHash (Li & König), half the memory traffic of the full values when millions of pairs
    are compared; a chance match of two different values has odds 1 in 65,536."""
    cache: dict[str, npt.NDArray[np.uint16]] = t.__dict__.setdefault("_low_bits", {})
    if column not in cache:
        sig = getattr(t, column)
        low = (sig & 0xFFFF).astype(np.uint16)
        low[sig == EMPTY] = 0xFFFF
        low[(sig != EMPTY) & (low == 0xFFFF)] = 0xFFFE
        cache[column] = low
    return cache[column]


def _similarity16(a: npt.NDArray[np.uint16], b: npt.NDArray[np.uint16]) -> F32:
    return ((a == b) & (a != 0xFFFF)).mean(axis=1, dtype=np.float32)


def _text_levels(t: LinkTable, i: I64, j: I64) -> list[F32]:
    di, dj = t.doc[i], t.doc[j]
    text_bits, name_bits = low_bits(t, "text_sig"), low_bits(t, "name_sig")
    text = _similarity16(text_bits[di], text_bits[dj])
    names = _similarity16(name_bits[di], name_bits[dj])
    have = (t.n_names[di] > 0) & (t.n_names[dj] > 0)
    return [
        (text >= NEAR_DUPLICATE).astype(np.float32),
        ((text >= 0.1) & (text < NEAR_DUPLICATE)).astype(np.float32),
        (have & (names == 0)).astype(np.float32),
        (have & (names > 0) & (names < 0.1)).astype(np.float32),
        (have & (names >= 0.1) & (names < 0.3)).astype(np.float32),
        (have & (names >= 0.3)).astype(np.float32),
    ]


def _columns(t: LinkTable, i: I64, j: I64) -> list[F32]:
    """Every level, in the order of ``FEATURES``: the cheap ones before the MinHash levels,
    the MinHash levels, the cheap ones after (``score`` relies on this split)."""
    return [*_head_columns(t, i, j), *_text_levels(t, i, j), *_tail_columns(t, i, j)]


def pair_features(t: LinkTable, i: I64, j: I64) -> F32:
    """A ``(len(i), len(FEATURES))`` matrix of comparison levels for the pairs ``(i, j)``."""
    return np.stack(_columns(t, i, j), axis=1)


@lru_cache(maxsize=1)
def weights() -> F32:
    """The shipped weights, one per entry of ``FEATURES``."""
    text = resources.files("harmledger.link").joinpath("weights.json").read_text("utf-8")
    data = json.loads(text)
    missing = [f for f in FEATURES if f not in data["weights"]]
    if missing:
        raise ValueError(f"weights.json lacks {', '.join(missing)}; refit the link weights")
    return np.asarray([data["weights"][f] for f in FEATURES], dtype=np.float32)


#: Pairs whose per-pair levels are computed at once (a block stays in the CPU caches).
SCORE_BLOCK = 1 << 16
#: Slack of the pruning bound, far above float32 rounding: pruning never drops a pair that
#: scores above the floor.
_SLACK = 1e-3


def score(
    t: LinkTable, i: I64, j: I64, w: F32 | None = None, floor: float | None = THRESHOLD
) -> F32:
    """The match score (log-odds) of each pair; above ``THRESHOLD`` means the same incident.

    Pairs that cannot score above ``floor`` get ``-inf`` (exact pruning): the cheap levels are
    added first, and the costly MinHash levels (``_text_levels``) are computed only for pairs
    whose cheap part plus the most those levels can add (``costly_bound``, from the weights)
    is above ``floor``, once per pair of documents. Every other score is exactly the sum of
    ``pair_features(t, i, j) @ w`` (the same float32 additions in the same order). Pass a lower
    ``floor`` (clustering on scores down to -3, say) or ``None`` to score every pair.
    Claims of one document score ``inf`` (one segment) or ``-inf``, whatever the floor.
    """
    if len(i) == 0:
        return np.zeros(0, np.float32)
    w = weights() if w is None else w
    heads, tails = len(_head_columns(t, i[:1], j[:1])), len(_tail_columns(t, i[:1], j[:1]))
    costly = len(FEATURES) - heads - tails
    partial = np.empty(len(i), np.float32)
    tail = np.empty((tails, len(i)), np.float32)
    for k in range(0, len(i), SCORE_BLOCK):
        bi, bj = i[k : k + SCORE_BLOCK], j[k : k + SCORE_BLOCK]
        partial[k : k + SCORE_BLOCK] = _weighted_sum(w[:heads], _head_columns(t, bi, bj))
        for c, column in enumerate(_tail_columns(t, bi, bj)):
            tail[c, k : k + SCORE_BLOCK] = np.float32(w[heads + costly + c]) * column
    same_doc = t.doc[i] == t.doc[j]
    bound = partial + np.float32(costly_bound(w[heads : heads + costly], heads)) + tail.sum(0)
    alive = ~same_doc if floor is None else ~same_doc & (bound > floor - _SLACK)
    out = np.where(same_doc, np.where(t.segment[i] == t.segment[j], np.inf, -np.inf), -np.inf)
    rows = np.flatnonzero(alive)
    totals = partial[rows]
    for weighted in _costly_weighted(t, i[rows], j[rows], w[heads : heads + costly], heads):
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


def _head_columns(t: LinkTable, i: I64, j: I64) -> list[F32]:
    """The cheap levels ``_columns`` gives before the MinHash levels, in its order."""
    return [
        np.ones(len(i), np.float32),
        (t.doc[i] == t.doc[j]).astype(np.float32),
        (t.kind[i] == t.kind[j]).astype(np.float32),
        *_date_levels(t, i, j),
        *_place_levels(t, i, j),
        *_count_levels(t, i, j),
    ]


def _tail_columns(t: LinkTable, i: I64, j: I64) -> list[F32]:
    """The cheap levels ``_columns`` gives after the MinHash levels (actor words)."""
    return [
        _mask_overlap(t.victims[i], t.victims[j]),
        _mask_overlap(t.perpetrators[i], t.perpetrators[j]),
    ]


def costly_bound(w: F32, first: int) -> float:
    """The most the MinHash levels (features ``first..``, weights ``w``) can add to a score:
    levels of one comparison share the first word of their name and exclude each other (one
    level per comparison), so each comparison adds at most its largest positive weight."""
    best: dict[str, float] = {}
    for k, weight in enumerate(w.tolist()):
        comparison = FEATURES[first + k].split("_")[0]
        best[comparison] = max(best.get(comparison, 0.0), weight)
    return sum(best.values())


def _costly_weighted(t: LinkTable, i: I64, j: I64, w: F32, first: int) -> list[F32]:
    """The weighted MinHash levels of pairs ``(i, j)`` (of two documents), one column per
    comparison (its levels exclude each other, so adding it adds the same float32 as adding
    its levels one by one), computed once per pair of documents (they depend on nothing else)."""
    names = [FEATURES[first + k].split("_")[0] for k in range(len(w))]
    comparisons = list(dict.fromkeys(names))
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
        columns = _text_levels(t, i[block], j[block])
        _check_levels(columns, first, len(w))
        for c, column in enumerate(columns):
            out[comparisons.index(names[c]), k : k + SCORE_BLOCK] += np.float32(w[c]) * column
    return [out[c][which] for c in range(len(comparisons))]


def _check_levels(columns: list[F32], first: int, expected: int) -> None:
    """The MinHash columns must be 0/1 levels, at most one per comparison (what
    ``costly_bound`` assumes); a change of ``_text_levels`` that breaks this is refused."""
    if len(columns) != expected:
        raise LinkError(f"{len(columns)} MinHash level columns; score expects another layout")
    comparisons: dict[str, F32] = {}
    for k, column in enumerate(columns):
        name = FEATURES[first + k].split("_")[0]
        comparisons[name] = comparisons.get(name, 0) + column
        if ((column != 0) & (column != 1)).any():
            raise LinkError(f"{FEATURES[first + k]} is not a 0/1 level")
    if any((total > 1).any() for total in comparisons.values()):
        raise LinkError("two levels of one comparison at once; costly_bound needs one")
