"""Shared scoring pieces: P/R/F1 from counts, maximum one-to-one matching, span helpers."""

from __future__ import annotations

import pytest

from harmledger.evaluate.scoring import PRF, TaskScore, as_range, max_matching, overlap, parts_of


def test_prf_from_counts() -> None:
    # tp 2 of 4 predicted, 2 of 3 gold: P = 0.5, R = 2/3, F1 = 2*0.5*(2/3)/(0.5+2/3) = 4/7
    prf = PRF.from_counts(2, 4, 3)
    assert (prf.precision, prf.recall) == (0.5, pytest.approx(2 / 3))
    assert prf.f1 == pytest.approx(4 / 7)
    assert PRF.from_counts(0, 0, 0).f1 == 0.0
    assert PRF.from_counts(0, 0, 5).recall == 0.0


def test_max_matching_augments_past_a_greedy_choice() -> None:
    # left 0 prefers right 0 but could take 1; left 1 can only take 0: the maximum is 2
    assert max_matching([[0, 1], [0]]) == {0: 1, 1: 0}
    assert max_matching([[0], [0], [0]]) == {0: 0}
    assert max_matching([]) == {}


def test_max_matching_keeps_preferred_pairs_when_free() -> None:
    assert max_matching([[1, 0], [0, 1]]) == {0: 1, 1: 0}


def test_span_helpers() -> None:
    assert overlap((0, 10), (5, 20)) == 5
    assert overlap((0, 5), (5, 10)) == 0
    assert as_range([3, 7]) == (3, 7)
    assert as_range({"start": 1, "end": 2, "text": "x"}) == (1, 2)
    assert as_range(None) is None
    assert parts_of({"content": [0, 9], "content_parts": [[0, 3], [5, 9]]}, "content") == [
        (0, 3),
        (5, 9),
    ]
    assert parts_of({"source": None}, "source") == []


def test_task_score_headline_is_a_copy() -> None:
    score = TaskScore("x", {"a": 1.0}, {"a": 1.0})
    score.headline()["a"] = 0.0
    assert score.headline() == {"a": 1.0}
    assert score.as_dict()["metrics"] == {"a": 1.0}
