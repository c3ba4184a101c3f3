"""Scoring of the ``geo`` task: place names found (toponym P/R/F1) and put on the map.

A predicted place matches a gold toponym when their spans overlap; one-to-one per document
(maximum bipartite matching, larger overlaps preferred). Gold ``ignore`` spans (annotated
toponyms without coordinates, demonyms, generic expressions) give two precisions:

- ``toponym`` (strict, the shared scorer's headline): an unmatched prediction is a false
  positive even when it lies on an ignore span;
- ``toponym_lenient``: an unmatched prediction that overlaps an ignore span is neither a true
  nor a false positive.

Geocoding is measured on matched pairs whose gold toponym has coordinates (every gold toponym
does in the dev data): great-circle error in km, a matched prediction without coordinates
counting as 20039 km (half the Earth's circumference). ``accuracy_at_161km`` is the share of
errors of at most 161 km (100 miles); ``auc`` is Gritta et al.'s area under the curve of
``log(1 + error_km)`` over the sorted errors (trapezoid rule) divided by
``log(20039) * (n - 1)``: 0 is perfect, 1 is every error at the antipode, **lower is better**.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Any

from harmledger.evaluate.scoring import (
    PRF,
    Range,
    Tally,
    TaskScore,
    as_range,
    max_matching,
    overlap,
)
from harmledger.resolve.distance import great_circle_km

MAX_ERROR_KM = 20039.0
ACCURACY_KM = 161.0


def auc(errors: Iterable[float]) -> float | None:
    """Gritta et al.'s normalised area under the log-error curve (lower is better)."""
    ys = [math.log(1 + e) for e in sorted(errors)]
    if not ys:
        return None
    if len(ys) == 1:
        return ys[0] / math.log(MAX_ERROR_KM)
    area = sum((a + b) / 2 for a, b in pairwise(ys))
    return area / (math.log(MAX_ERROR_KM) * (len(ys) - 1))


def pair_error(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> float | None:
    """The error in km of one matched pair; ``None`` when the gold toponym has no point."""
    if gold.get("lat") is None or gold.get("lon") is None:
        return None
    if predicted.get("lat") is None or predicted.get("lon") is None:
        return MAX_ERROR_KM
    return great_circle_km(gold["lat"], gold["lon"], predicted["lat"], predicted["lon"])


def _spans(items: Iterable[Mapping[str, Any]]) -> list[tuple[Range, Mapping[str, Any]]]:
    return [(r, item) for item in items if (r := as_range(item)) is not None]


def score_document(
    predicted: list[Mapping[str, Any]], record: Mapping[str, Any]
) -> tuple[int, int, int, list[float]]:
    """(matches, predictions, predictions on ignore spans left unmatched, pair errors)."""
    preds, golds = _spans(predicted), _spans(record.get("toponyms") or [])
    ignore = [r for r, _ in _spans(record.get("ignore") or [])]
    candidates = []
    for g_range, _ in golds:
        scored = [(overlap(g_range, p_range), j) for j, (p_range, _) in enumerate(preds)]
        candidates.append([j for size, j in sorted(scored, key=lambda x: -x[0]) if size > 0])
    matching = max_matching(candidates)
    errors = [pair_error(golds[i][1], preds[j][1]) for i, j in matching.items()]
    matched = set(matching.values())
    on_ignore = sum(
        1
        for j, (p_range, _) in enumerate(preds)
        if j not in matched and any(overlap(p_range, r) > 0 for r in ignore)
    )
    return len(matching), len(preds), on_ignore, [e for e in errors if e is not None]


def score_geo(
    predictions: Mapping[str, Mapping[str, Any]],
    gold: Mapping[str, Mapping[str, Any]],
    docs: Mapping[str, Mapping[str, Any]] | None = None,
) -> TaskScore:
    """Toponym P/R/F1 (strict and lenient, overall and per corpus) and geocoding metrics."""
    strict, lenient = Tally(), Tally()
    per_corpus: dict[str, Tally] = {}
    errors: list[float] = []
    for doc_id, record in gold.items():
        places = list((predictions.get(doc_id) or {}).get("places") or [])
        tp, n_pred, on_ignore, doc_errors = score_document(places, record)
        n_gold = len(_spans(record.get("toponyms") or []))
        strict.add(tp, n_pred, n_gold)
        lenient.add(tp, n_pred - on_ignore, n_gold)
        if record.get("corpus"):
            per_corpus.setdefault(str(record["corpus"]), Tally()).add(tp, n_pred, n_gold)
        errors.extend(doc_errors)
    return _geo_score(strict.prf(), lenient.prf(), per_corpus, errors)


def _geo_score(
    strict: PRF, lenient: PRF, per_corpus: dict[str, Tally], errors: list[float]
) -> TaskScore:
    accuracy = sum(e <= ACCURACY_KM for e in errors) / len(errors) if errors else 0.0
    metrics: dict[str, PRF | float | None] = {"toponym": strict, "toponym_lenient": lenient}
    metrics.update({f"toponym_{name}": t.prf() for name, t in sorted(per_corpus.items())})
    metrics.update(
        {
            "accuracy_at_161km": accuracy,
            "median_error_km": statistics.median(errors) if errors else None,
            "mean_error_km": statistics.fmean(errors) if errors else None,
            "auc": auc(errors),
            "geocoded_pairs": len(errors),
        }
    )
    headline = {"toponym_f1": strict.f1, "accuracy_at_161km": accuracy}
    return TaskScore("geo", metrics, headline)
