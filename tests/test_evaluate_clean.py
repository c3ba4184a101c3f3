"""Clean scorer: the article-extraction-benchmark's shingle P/R/F1, macro over pages."""

from __future__ import annotations

import pytest

from harmledger.evaluate.clean import score_clean, shingle_match, shingles, tokens

GOLD = {
    "p1": {"id": "p1", "text": "a b c d e"},
    "p2": {"id": "p2", "text": "one two three four"},
}


def test_tokens_and_shingles() -> None:
    assert tokens("It's 4:30, O'Neil.") == ["It", "s", "4", "30", "O", "Neil"]
    assert sum(shingles(tokens("a b c d e")).values()) == 2
    assert shingles(["a", "b"]) == {("a", "b"): 1}  # shorter than 4: one shingle
    assert shingles([]) == {}


def test_page_counts_are_normalised() -> None:
    # gold {abcd, bcde}, pred {abcd, bcdx}: tp 1, fp 1, fn 1, each divided by 3
    assert shingle_match("a b c d e", "a b c d x") == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert shingle_match("", "") == (0.0, 0.0, 0.0)


def test_perfect_prediction_scores_one() -> None:
    score = score_clean(GOLD, GOLD)
    assert score.headline() == {"f1": 1.0}
    assert score.metrics["accuracy"] == 1.0


def test_empty_prediction_has_zero_recall() -> None:
    score = score_clean({}, GOLD)
    assert score.metrics["shingles"].recall == 0.0
    assert score.headline() == {"f1": 0.0}


def test_partial_prediction() -> None:
    pred = {"p1": {"text": "a b c d x"}, "p2": {"text": ""}}
    score = score_clean(pred, GOLD)
    # p1: P = R = (1/3) / (2/3) = 0.5; p2: empty prediction, out of the precision average, R 0
    # P = 0.5, R = (0.5 + 0) / 2 = 0.25, F1 = 2*0.5*0.25/0.75 = 1/3
    shingle_prf = score.metrics["shingles"]
    assert (shingle_prf.precision, shingle_prf.recall) == (0.5, 0.25)
    assert score.headline()["f1"] == pytest.approx(1 / 3)
    assert score.metrics["accuracy"] == 0.0


def test_case_is_kept() -> None:
    score = score_clean(
        {"p": {"text": "Alpha beta gamma delta"}}, {"p": {"text": "alpha beta gamma delta"}}
    )
    assert score.headline()["f1"] == 0.0
