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
THRESHOLD = 1.0  # log-odds; chosen on dev for B-cubed F1 (precision over recall)


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
    ]


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
    return [
        np.ones(len(i), np.float32),
        (t.doc[i] == t.doc[j]).astype(np.float32),
        (t.kind[i] == t.kind[j]).astype(np.float32),
        *_date_levels(t, i, j),
        *_place_levels(t, i, j),
        *_count_levels(t, i, j),
        *_text_levels(t, i, j),
        _mask_overlap(t.victims[i], t.victims[j]),
        _mask_overlap(t.perpetrators[i], t.perpetrators[j]),
    ]


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


def score(t: LinkTable, i: I64, j: I64, w: F32 | None = None) -> F32:
    """The match score (log-odds) of each pair; above ``THRESHOLD`` means the same incident."""
    if len(i) == 0:
        return np.zeros(0, np.float32)
    w = weights() if w is None else w
    scores = np.zeros(len(i), np.float32)
    for weight, column in zip(w.tolist(), _columns(t, i, j), strict=True):
        scores += np.float32(weight) * column  # no (pairs x features) matrix in memory
    same_doc = t.doc[i] == t.doc[j]
    together = np.where(t.segment[i] == t.segment[j], np.inf, -np.inf)
    return np.where(same_doc, together, scores).astype(np.float32)
