"""How alike two claims are: comparison levels of candidate pairs, as the link model says.

The link model (``link/model.json``, loaded by ``model.link_model``) lists the comparisons,
each with levels; a level is a condition on one *measure* of a pair of claims (``day_gap <=
0``, ``5 < km <= 25``, ``name_similarity >= 0.3``) and a weight (the Fellegi-Sunter habit that
splink follows). This module computes the measures (``MEASURES``) and turns a model's levels
into the columns of ``pair_features``; ``prune.score`` adds their weights, skipping the costly
MinHash levels of pairs that cannot link. A pair links when its score is above the model's
``threshold`` (``THRESHOLD``). Claims of one document are not scored: they link when they tell
of the same segment of it (``features.segments``). The weights are plain numbers fitted on the
dev part of the link data (``scripts/fit_link_weights.py``), the same for every claim.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from harmledger.link.minhash import EMPTY
from harmledger.link.model import Level, LinkModel, link_model
from harmledger.link.table import I64, UNKNOWN, LinkTable
from harmledger.resolve.distance import EARTH_RADIUS_KM

F32 = npt.NDArray[np.float32]
B = npt.NDArray[np.bool_]
EARTH_KM = EARTH_RADIUS_KM
#: A measure of pairs ``(i, j)``: its values and where it is known (None: everywhere).
Measure = Callable[[LinkTable, I64, I64], tuple[npt.NDArray[np.generic], B | None]]

#: The comparison levels of the model in use, one column each, after the bias (``"bias"``).
FEATURES: tuple[str, ...] = link_model().features
#: Levels whose weight is set, not fitted: one incident happens in one country, so claims
#: placed in two countries never link (the fit script holds these fixed).
FIXED_WEIGHTS: dict[str, float] = link_model().fixed_weights()
#: A pair links above this (log-odds): linked pairs make the single-link components inside
#: which ``average`` clusters (the model's ``threshold``).
THRESHOLD = link_model().threshold


def haversine_km(lat1: F32, lon1: F32, lat2: F32, lon2: F32) -> F32:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return (2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))).astype(np.float32)


def _mask_overlap(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> F32:
    both = np.bitwise_count(a & b).astype(np.float32)
    either = np.bitwise_count(a | b).astype(np.float32)
    return np.where(either > 0, both / np.maximum(either, 1), 0).astype(np.float32)


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


# -- measures --------------------------------------------------------------------------------


def _same_document(t: LinkTable, i: I64, j: I64) -> tuple[B, None]:
    return t.doc[i] == t.doc[j], None


def _same_kind(t: LinkTable, i: I64, j: I64) -> tuple[B, None]:
    return t.kind[i] == t.kind[j], None


def _day_gap(t: LinkTable, i: I64, j: I64) -> tuple[I64, B]:
    """Days from the end of the earlier interval to the start of the later (<= 0: overlap)."""
    dated = (t.lo[i] != UNKNOWN) & (t.lo[j] != UNKNOWN)
    return np.maximum(t.lo[i], t.lo[j]) - np.minimum(t.hi[i], t.hi[j]), dated


def _villages_differ(t: LinkTable, i: I64, j: I64) -> tuple[B, B]:
    """Both claims are placed in villages the gazetteer lacks, and not in the same one."""
    a, b = t.village[i], t.village[j]
    return a != b, (a != UNKNOWN) & (b != UNKNOWN)


def _series_apart(t: LinkTable, i: I64, j: I64) -> tuple[B, None]:
    """Both reports say their attack is one of several, and they name different targets,
    villages or victims: two attacks of one series ("the police headquarters", "the
    governor's house").
    Copies of one story name the same, so this never parts them."""
    targets, known = _targets_differ(t, i, j)
    villages, placed = _villages_differ(t, i, j)
    victims, named = _disjoint(t.doc_victims[t.doc[i]], t.doc_victims[t.doc[j]])
    apart = (targets & known) | (villages & placed) | (victims & named)
    return t.series[t.doc[i]] & t.series[t.doc[j]] & apart, None


def _undated_gap(t: LinkTable, i: I64, j: I64) -> tuple[I64, B]:
    """Days between the reports of two claims that their texts do not date (each has its
    report's days): known only for such pairs."""
    gap, dated = _day_gap(t, i, j)
    return gap, dated & ~t.dated[i] & ~t.dated[j]


def _km(t: LinkTable, i: I64, j: I64) -> tuple[F32, B]:
    km = haversine_km(t.lat[i], t.lon[i], t.lat[j], t.lon[j])
    return km, ~np.isnan(km)


def _same_admin2(t: LinkTable, i: I64, j: I64) -> tuple[B, None]:
    return (t.admin2[i] == t.admin2[j]) & (t.admin2[i] != UNKNOWN), None


def _place_inferred(t: LinkTable, i: I64, j: I64) -> tuple[B, None]:
    return t.inferred[i] | t.inferred[j], None


def _area_differs(t: LinkTable, i: I64, j: I64) -> tuple[npt.NDArray[np.int8], None]:
    """Claims told of in two countries (2), or two first-order divisions of one country (1),
    from their own places or the province or country their report names; else 0."""
    both_countries = (t.country[i] != UNKNOWN) & (t.country[j] != UNKNOWN)
    country_differs = both_countries & (t.country[i] != t.country[j])
    both_admin1 = (t.admin1[i] != UNKNOWN) & (t.admin1[j] != UNKNOWN)
    admin1_differs = ~country_differs & both_admin1 & (t.admin1[i] != t.admin1[j])
    return np.where(country_differs, 2, admin1_differs.astype(np.int8)).astype(np.int8), None


def _count_gap(t: LinkTable, i: I64, j: I64) -> tuple[npt.NDArray[np.int32], B]:
    """How far apart the best figures of two claims of one kind are."""
    known = (t.best[i] != UNKNOWN) & (t.best[j] != UNKNOWN) & (t.kind[i] == t.kind[j])
    return np.abs(t.best[i] - t.best[j]), known


def _aggregate_mismatch(t: LinkTable, i: I64, j: I64) -> tuple[B, None]:
    return t.aggregate[i] != t.aggregate[j], None


def _text_similarity(t: LinkTable, i: I64, j: I64) -> tuple[F32, None]:
    bits = low_bits(t, "text_sig")
    return _similarity16(bits[t.doc[i]], bits[t.doc[j]]), None


def _name_similarity(t: LinkTable, i: I64, j: I64) -> tuple[F32, B]:
    di, dj = t.doc[i], t.doc[j]
    bits = low_bits(t, "name_sig")
    return _similarity16(bits[di], bits[dj]), (t.n_names[di] > 0) & (t.n_names[dj] > 0)


def _victim_overlap(t: LinkTable, i: I64, j: I64) -> tuple[F32, None]:
    return _mask_overlap(t.victims[i], t.victims[j]), None


def _perpetrator_overlap(t: LinkTable, i: I64, j: I64) -> tuple[F32, None]:
    return _mask_overlap(t.perpetrators[i], t.perpetrators[j]), None


def _disjoint(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> tuple[B, B]:
    """Two bit sets share nothing, known where both are non-empty."""
    return (a & b) == 0, (a != 0) & (b != 0)


def _means_differ(t: LinkTable, i: I64, j: I64) -> tuple[B, B]:
    """Both reports name means of harm, and none in common (a bombing, a shooting)."""
    return _disjoint(t.means[t.doc[i]], t.means[t.doc[j]])


def _targets_differ(t: LinkTable, i: I64, j: I64) -> tuple[B, B]:
    """Both reports name targets, and no word of them in common (a school, a market)."""
    return _disjoint(t.targets[t.doc[i]], t.targets[t.doc[j]])


#: Every measure a level's condition may name (``model.MEASURES``), computed per pair.
MEASURES: dict[str, Measure] = {
    "same_document": _same_document,
    "same_kind": _same_kind,
    "day_gap": _day_gap,
    "km": _km,
    "same_admin2": _same_admin2,
    "place_inferred": _place_inferred,
    "area_differs": _area_differs,
    "count_gap": _count_gap,
    "aggregate_mismatch": _aggregate_mismatch,
    "text_similarity": _text_similarity,
    "name_similarity": _name_similarity,
    "victim_overlap": _victim_overlap,
    "perpetrator_overlap": _perpetrator_overlap,
    "means_differ": _means_differ,
    "undated_gap": _undated_gap,
    "series_apart": _series_apart,
    "villages_differ": _villages_differ,
    "targets_differ": _targets_differ,
}
_OPS: dict[str, Callable[[npt.NDArray[np.generic], float | int], B]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
}  # fmt: skip


def level_columns(
    t: LinkTable, i: I64, j: I64, levels: Sequence[Level], bias: bool = False
) -> list[F32]:
    """One float32 column per level (1 where the level holds, 0 elsewhere; a level that is
    its measure's value gives the value), after a column of ones with ``bias``. Each measure
    is computed once."""
    measured: dict[str, tuple[npt.NDArray[np.generic], B | None]] = {}
    out = [np.ones(len(i), np.float32)] if bias else []
    for level in levels:
        test = level.test
        if test.measure not in measured:
            measured[test.measure] = MEASURES[test.measure](t, i, j)
        value, known = measured[test.measure]
        if test.null:
            out.append((~known if known is not None else np.zeros(len(i), bool)).astype(np.float32))
            continue
        if not test.tests:
            out.append((value if known is None else np.where(known, value, 0)).astype(np.float32))
            continue
        holds = known
        for op, number in test.tests:
            passed = _OPS[op](value, number)
            holds = passed if holds is None else holds & passed
        out.append(np.asarray(holds).astype(np.float32))
    return out


def pair_features(t: LinkTable, i: I64, j: I64, model: LinkModel | None = None) -> F32:
    """A ``(len(i), len(model.features))`` matrix: the bias column, then every level."""
    model = link_model() if model is None else model
    return np.stack(level_columns(t, i, j, model.levels, bias=True), axis=1)


def weights(model: LinkModel | None = None) -> F32:
    """The model's weights (the shipped one's by default), one per entry of its ``features``."""
    return (link_model() if model is None else model).weights()
