"""The ``link`` scorer: B-cubed and pairwise grouping scores, and incident count accuracy.

The small cases use one gold grouping of six documents, with the numbers worked by hand:

    X = {a, b, c}    Y = {d, e}    Z = {f}       (gold pairs: 3 + 1 + 0 = 4)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harmledger.evaluate.link import (
    as_predictions,
    bcubed,
    count_accuracy,
    count_hits,
    count_value,
    gold_clusters,
    majority_incident,
    one_cluster,
    pairwise,
    predicted_clusters,
    read_incidents,
    score_link,
    singletons,
)
from harmledger.evaluate.runner import EvalRun, render_table
from harmledger.evaluate.scoring import PRF, read_jsonl

DEV_LINK = Path(__file__).parents[1].parent / "shared" / "eval" / "dev" / "link"

GOLD = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y", "f": "Z"}
GOLD_ROWS = {d: {"id": d, "incident": i} for d, i in GOLD.items()}


def close(prf: PRF, precision: float, recall: float, f1: float) -> None:
    assert (prf.precision, prf.recall, prf.f1) == pytest.approx((precision, recall, f1))


def test_perfect_prediction_scores_one_everywhere() -> None:
    score = score_link(
        as_predictions(GOLD),
        GOLD_ROWS,
        None,
        gold_incidents={"X": {"killed": 2, "injured": 0}, "Y": {"killed": 1, "injured": 1}},
        pred_incidents={"X": {"killed": 2, "injured": 0}, "Y": {"killed": 1, "injured": 1}},
    )
    close(score.metrics["bcubed"], 1, 1, 1)
    close(score.metrics["pairwise"], 1, 1, 1)
    assert score.metrics["killed_accuracy"] == score.metrics["injured_accuracy"] == 1.0
    assert score.headline() == {"bcubed_f1": 1.0, "killed_accuracy": 1.0, "injured_accuracy": 1.0}
    assert score.metrics["documents"] == 6 and score.metrics["gold_incidents"] == 3


def test_empty_prediction_scores_zero() -> None:
    rows: dict[str, dict[str, Any]] = {"a": {"id": "a", "incidents": []}}  # others: no row
    score = score_link(rows, GOLD_ROWS)
    close(score.metrics["bcubed"], 0, 0, 0)
    close(score.metrics["pairwise"], 0, 0, 0)
    assert score.metrics["predicted_documents"] == 0
    assert score.headline() == {"bcubed_f1": 0.0}  # no incidents given: no count rows
    assert "killed_accuracy" not in score.metrics


def test_singletons_by_hand() -> None:
    # P: every predicted cluster is pure = 1
    # R: a, b, c score 1/3 each, d, e 1/2 each, f 1 -> (1 + 1 + 1) / 6 = 0.5
    # F1: 2 * 1 * 0.5 / 1.5 = 2/3
    pred = singletons(GOLD)
    assert pred == {d: d for d in GOLD}
    close(bcubed(GOLD, pred), 1, 0.5, 2 / 3)
    # no predicted pair: P = 0 by convention, R = 0 / 4
    pairs = pairwise(GOLD, pred)
    close(pairs, 0, 0, 0)
    assert (pairs.tp, pairs.n_pred, pairs.n_gold) == (0, 0, 4)


def test_one_cluster_by_hand() -> None:
    # P: a, b, c score 3/6, d, e 2/6, f 1/6 -> (9 + 4 + 1) / 36 = 7/18; R = 1
    # F1: 2 * 7/18 / (25/18) = 14/25
    pred = one_cluster(GOLD)
    assert set(pred.values()) == {"all"}
    close(bcubed(GOLD, pred), 7 / 18, 1, 14 / 25)
    # predicted pairs C(6,2) = 15, all 4 gold pairs inside: P 4/15, R 1, F1 8/19
    pairs = pairwise(GOLD, pred)
    close(pairs, 4 / 15, 1, 8 / 19)
    assert (pairs.tp, pairs.n_pred, pairs.n_gold) == (4, 15, 4)


def test_mixed_prediction_by_hand() -> None:
    # P1 = {a, b}, P2 = {c, d}, P3 = {e, f}
    # P: a 2/2, b 2/2, c 1/2, d 1/2, e 1/2, f 1/2 -> 4/6 = 2/3
    # R: a 2/3, b 2/3, c 1/3, d 1/2, e 1/2, f 1/1 -> (11/3) / 6 = 11/18
    # F1: 2 * (2/3) * (11/18) / (2/3 + 11/18) = 44/69
    pred = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P3", "f": "P3"}
    close(bcubed(GOLD, pred), 2 / 3, 11 / 18, 44 / 69)
    # predicted pairs ab, cd, ef (3); correct ab (1); gold pairs 4
    close(pairwise(GOLD, pred), 1 / 3, 1 / 4, 2 / 7)
    # a predicted document without a gold line is ignored
    assert bcubed(GOLD, {**pred, "zz": "P1"}) == bcubed(GOLD, pred)
    assert pairwise(GOLD, {**pred, "zz": "P1"}) == pairwise(GOLD, pred)


def test_missing_documents_cost_recall_only() -> None:
    # P1 = {a, b}, P2 = {d, e}; c and f not predicted
    # P: all pure = 1 (averaged over the 4 predicted documents)
    # R: a 2/3, b 2/3, c 0, d 1, e 1, f 0 -> (10/3) / 6 = 5/9; F1 = 2 * 5/9 / (14/9) = 5/7
    pred = {"a": "P1", "b": "P1", "d": "P2", "e": "P2"}
    close(bcubed(GOLD, pred), 1, 5 / 9, 5 / 7)
    # pairs ab and de predicted and correct; gold has 4 (ab, ac, bc, de)
    close(pairwise(GOLD, pred), 1, 0.5, 2 / 3)


def test_rows_first_incident_and_also_incidents() -> None:
    rows = {
        "a": {"id": "a", "incidents": ["P1", "P9"]},  # the first id counts
        "b": {"id": "b", "incidents": [7]},  # numbers are ids too
        "c": {"id": "c", "incidents": []},
        "d": {"id": "d"},
    }
    assert predicted_clusters(rows) == {"a": "P1", "b": "7"}
    gold = {"a": {"id": "a", "incident": "X", "also_incidents": ["Y"]}, "b": {"incident": 5}}
    assert gold_clusters(gold) == {"a": "X", "b": "5"}


def test_count_value_forms() -> None:
    assert count_value(3) == 3
    assert count_value({"low": 2, "best": 3, "high": 4}) == 3
    assert count_value({"low": 2, "best": None, "high": 2}) == 2  # low when low == high
    assert count_value({"low": 2, "best": None, "high": None}) is None
    assert count_value({"low": 2, "best": None, "high": 5}) is None
    assert count_value(None) is None
    assert count_value(True) is None


def test_majority_incident_and_ties() -> None:
    pred = {"a": "P2", "b": "P2", "c": "P1", "d": "P3", "e": "P1"}
    sizes = {"P1": 2, "P2": 2, "P3": 1}
    assert majority_incident(["a", "b", "c"], pred, sizes) == "P2"  # holds 2 of 3
    assert majority_incident(["c", "d"], pred, sizes) == "P3"  # tie 1-1: the smaller one
    assert majority_incident(["a", "c"], pred, sizes) == "P1"  # tie, same size: lowest id
    assert majority_incident(["x"], pred, sizes) is None


def test_count_accuracy_by_hand() -> None:
    gold_incidents = {
        "X": {"incident": "X", "killed": 2, "injured": 1},
        "Y": {"incident": "Y", "killed": 0, "injured": None},  # injured unknown: skipped
        "Z": {"incident": "Z", "killed": 1, "injured": 3},
        "Q": {"incident": "Q", "killed": 9, "injured": 9},  # no gold document: not a case
    }
    # X = {a, b, c} -> P1 holds a, b (2 of 3); Y = {d, e}: d -> P3, e -> P4, a tie, and P3
    # (1 gold doc) is smaller than P4 (e and f): P3; Z = {f} -> P4
    pred = {"a": "P1", "b": "P1", "c": "P2", "d": "P3", "e": "P4", "f": "P4"}
    pred_incidents = {
        "P1": {"id": "P1", "killed": {"low": 2, "best": None, "high": 2}, "injured": None},
        "P2": {"id": "P2", "killed": 2, "injured": 1},  # minority: never consulted
        "P3": {"id": "P3", "killed": 0, "injured": 4},
        "P4": {"id": "P4", "killed": {"low": 1, "best": 1, "high": 3}, "injured": 2},
    }
    # killed: X 2 == 2 (low == high), Y 0 == 0, Z 1 == best 1 -> 3/3
    assert count_hits(GOLD, pred, gold_incidents, pred_incidents, "killed") == (3, 3)
    # injured: X null -> wrong, Y skipped, Z 2 != 3 -> 0/2
    assert count_hits(GOLD, pred, gold_incidents, pred_incidents, "injured") == (0, 2)
    assert count_accuracy(GOLD, pred, gold_incidents, pred_incidents, "killed") == 1.0


def test_count_accuracy_missing_predictions_are_wrong() -> None:
    gold_incidents = {"X": {"killed": 2}, "Y": {"killed": 0}, "Z": {"killed": None}}
    # X's documents unpredicted -> wrong; Y -> P3, which has no line in the file -> wrong
    pred = {"d": "P3", "e": "P3", "f": "P5"}
    assert count_hits(GOLD, pred, gold_incidents, {"P5": {"killed": 0}}, "killed") == (0, 2)
    assert count_accuracy(GOLD, {}, gold_incidents, {}, "killed") == 0.0
    assert count_accuracy(GOLD, pred, {}, {}, "killed") == 0.0  # no case at all


def test_score_link_with_incidents_and_table() -> None:
    rows = as_predictions({"a": "P1", "b": "P1", "c": "P2", "d": "P3", "e": "P3", "f": "P4"})
    score = score_link(
        rows,
        GOLD_ROWS,
        None,
        gold_incidents={"X": {"killed": 2, "injured": 1}, "Y": {"killed": 0, "injured": 0}},
        pred_incidents={"P1": {"killed": 2, "injured": 0}, "P3": {"killed": 1, "injured": 0}},
    )
    assert score.metrics["killed_accuracy"] == 0.5  # X right, Y wrong
    assert score.metrics["injured_accuracy"] == 0.5  # X wrong, Y right
    assert score.metrics["killed_incidents"] == 2
    assert score.metrics["predicted_incidents"] == 4
    assert score.as_dict()["metrics"]["bcubed"]["f1"] == score.headline()["bcubed_f1"]
    table = render_table(EvalRun("link", score, 6, 1.0, "stub"))
    assert table.row_count == len(score.metrics)


def test_read_incidents_both_keys(tmp_path: Path) -> None:
    path = tmp_path / "incidents.jsonl"
    lines = [{"incident": "95550", "killed": 0}, {"id": 7, "killed": {"low": 1}}, {}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    assert read_incidents(path) == {"95550": lines[0], "7": lines[1]}


def test_reference_baselines_on_dev() -> None:
    """The issue's reference numbers: singletons B-cubed F1 ~ 0.73, one cluster ~ 0.001."""
    if not (DEV_LINK / "gold.jsonl").is_file():
        pytest.skip(f"../shared/eval/dev/link not found: looked for {DEV_LINK}")
    gold_rows = {str(r["id"]): r for r in read_jsonl(DEV_LINK / "gold.jsonl")}
    gold = gold_clusters(gold_rows)
    assert bcubed(gold, singletons(gold)).f1 == pytest.approx(0.73, abs=0.02)
    assert bcubed(gold, one_cluster(gold)).f1 == pytest.approx(0.001, abs=0.02)
    incidents = read_incidents(DEV_LINK / "incidents.jsonl")
    perfect = score_link(
        as_predictions(gold), gold_rows, gold_incidents=incidents, pred_incidents=incidents
    )
    assert perfect.headline() == {"bcubed_f1": 1.0, "killed_accuracy": 1.0, "injured_accuracy": 1.0}
