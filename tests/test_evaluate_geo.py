"""Geo scorer: overlapping spans, ignore spans, geocoding error metrics."""

from __future__ import annotations

import math
from typing import Any

import pytest

from harmledger.evaluate.geo import MAX_ERROR_KM, auc, great_circle_km, score_geo

PARIS = (48.8566, 2.3522)
LONDON = (51.5074, -0.1278)
BERLIN = (52.52, 13.405)


def _place(start: int, end: int, point: tuple[float, float] | None) -> dict[str, Any]:
    lat, lon = point if point else (None, None)
    return {"start": start, "end": end, "text": "x" * (end - start), "lat": lat, "lon": lon}


GOLD = {
    "g1": {
        "id": "g1",
        "toponyms": [_place(0, 5, PARIS), _place(10, 16, LONDON), _place(20, 26, BERLIN)],
        "ignore": [{"start": 30, "end": 35, "text": "city"}],
    }
}


def test_great_circle() -> None:
    assert great_circle_km(*PARIS, *PARIS) == 0.0
    assert great_circle_km(*PARIS, *LONDON) == pytest.approx(343.5, abs=1.0)
    assert great_circle_km(0, 0, 0, 180) == pytest.approx(
        MAX_ERROR_KM, rel=2e-3
    )  # mean radius: 20015


def test_auc() -> None:
    assert auc([]) is None
    assert auc([0.0, 0.0, 0.0]) == 0.0
    assert auc([MAX_ERROR_KM - 1, MAX_ERROR_KM - 1]) == pytest.approx(1.0)
    # errors 0 and 100: trapezoid (log 1 + log 101) / 2 over log(20039) * (2 - 1)
    assert auc([100.0, 0.0]) == pytest.approx(math.log(101) / 2 / math.log(MAX_ERROR_KM))


def test_perfect_prediction_scores_one() -> None:
    score = score_geo({"g1": {"places": GOLD["g1"]["toponyms"]}}, GOLD)
    assert score.headline() == {"toponym_f1": 1.0, "accuracy_at_161km": 1.0}
    assert score.metrics["median_error_km"] == 0.0
    assert score.metrics["auc"] == 0.0


def test_empty_prediction_has_zero_recall() -> None:
    score = score_geo({}, GOLD)
    assert score.metrics["toponym"].recall == 0.0
    assert score.metrics["median_error_km"] is None


def test_partial_prediction() -> None:
    places = [
        _place(0, 5, PARIS),  # matches Paris, error 0
        _place(11, 16, PARIS),  # overlaps London, put at Paris: error ~343.5 km
        _place(30, 35, BERLIN),  # on an ignore span: strict fp, not counted when lenient
        _place(40, 45, BERLIN),  # fp
    ]
    score = score_geo({"g1": {"places": places}}, GOLD)
    m = score.metrics
    # strict: tp 2, pred 4, gold 3: P 0.5, R 2/3, F1 = 2*0.5*(2/3)/(0.5+2/3) = 4/7
    assert score.headline()["toponym_f1"] == pytest.approx(4 / 7)
    # lenient: tp 2, pred 3, gold 3: F1 = 2/3
    assert m["toponym_lenient"].f1 == pytest.approx(2 / 3)
    # errors [0, 343.5]: one of two within 161 km; median (0 + 343.5) / 2
    assert score.headline()["accuracy_at_161km"] == 0.5
    assert m["median_error_km"] == pytest.approx(343.5 / 2, abs=0.5)
    expected_auc = math.log(1 + great_circle_km(*PARIS, *LONDON)) / 2 / math.log(MAX_ERROR_KM)
    assert m["auc"] == pytest.approx(expected_auc)


def test_match_without_coordinates_is_max_error() -> None:
    score = score_geo({"g1": {"places": [_place(0, 5, None)]}}, GOLD)
    assert score.metrics["median_error_km"] == MAX_ERROR_KM
    assert score.headline()["accuracy_at_161km"] == 0.0


def test_one_to_one() -> None:
    # two predictions inside "London" (10, 16): one tp, one fp
    places = [_place(10, 12, LONDON), _place(13, 16, LONDON)]
    toponym = score_geo({"g1": {"places": places}}, GOLD).metrics["toponym"]
    assert (toponym.tp, toponym.n_pred, toponym.n_gold) == (1, 2, 3)
