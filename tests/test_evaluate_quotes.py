"""Quotes scorer: half-coverage content matching, discontinuous parts, speaker accuracy."""

from __future__ import annotations

from typing import Any

import pytest

from harmledger.evaluate.quotes import score_quotes

GOLD = {
    "q1": {
        "id": "q1",
        "quotes": [
            {"content": [10, 30], "cue": [6, 9], "source": [0, 5]},
            {
                "content": [40, 70],
                "content_parts": [[40, 50], [60, 70]],
                "cue": [56, 59],
                "source": [52, 55],
                "source_parts": [[52, 55]],
            },
            {"content": [80, 100], "cue": None, "source": None},
        ],
    }
}


def _quote(start: int, end: int, speaker: tuple[int, int] | None = None) -> dict[str, Any]:
    who = None if speaker is None else {"text": "x", "start": speaker[0], "end": speaker[1]}
    return {"content": [start, end], "cue": None, "speaker": who}


def test_perfect_prediction_scores_one() -> None:
    quotes = [_quote(10, 30, (0, 5)), _quote(40, 70, (52, 55)), _quote(80, 100)]
    score = score_quotes({"q1": {"quotes": quotes}}, GOLD)
    assert score.headline() == {"content_f1": 1.0, "speaker_accuracy": 1.0}


def test_empty_prediction_has_zero_recall() -> None:
    score = score_quotes({}, GOLD)
    assert score.metrics["content"].recall == 0.0
    assert score.metrics["content"].n_gold == 3


def test_partial_prediction() -> None:
    quotes = [
        _quote(12, 30, (0, 3)),  # covers 18 of 20 >= 10: match; speaker overlaps: hit
        _quote(40, 55, (100, 105)),  # covers 10 of the 20 in the parts (>= 10): match; miss
        _quote(85, 88),  # covers 3 of 20 < 10: no match
        _quote(200, 210),  # fp
    ]
    score = score_quotes({"q1": {"quotes": quotes}}, GOLD)
    # content: tp 2, pred 4, gold 3: P 0.5, R 2/3, F1 = 2*0.5*(2/3)/(0.5+2/3) = 4/7
    assert score.headline()["content_f1"] == pytest.approx(4 / 7)
    # speaker: 2 matched quotes with a gold source, 1 hit
    assert score.headline()["speaker_accuracy"] == 0.5
    assert score.metrics["speaker_accuracy_lenient"] is None  # no docs given


def test_gap_between_parts_does_not_count() -> None:
    # covers 50..60 (the gap) plus 60..64: 4 of the 20 part characters < 10
    score = score_quotes({"q1": {"quotes": [_quote(50, 64)]}}, GOLD)
    assert score.metrics["content"].tp == 0


def test_lenient_speaker_accepts_the_same_name_elsewhere() -> None:
    text = "Smith said: 'we will rebuild'. Later John Smith added more."
    gold = {"d": {"quotes": [{"content": [12, 29], "cue": [6, 10], "source": [0, 5]}]}}
    speaker = {"text": "John Smith", "start": 37, "end": 47}
    pred = {"d": {"quotes": [{"content": [12, 29], "cue": None, "speaker": speaker}]}}
    score = score_quotes(pred, gold, {"d": {"id": "d", "text": text}})
    assert score.metrics["speaker_accuracy"] == 0.0
    assert score.metrics["speaker_accuracy_lenient"] == 1.0
