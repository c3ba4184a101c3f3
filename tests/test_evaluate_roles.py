"""Roles scorer: normalisation, head words, pooled one-to-one matching, counts."""

from __future__ import annotations

from typing import Any

import pytest

from harmledger.evaluate.roles import gold_entities, head_word, normalise, score_roles

GOLD: dict[str, dict[str, Any]] = {
    "d1": {
        "id": "d1",
        "corpus": "muc4",
        "counts_annotated": True,
        "incidents": [
            {
                "perpetrators": [["FMLN", "FARABUNDO MARTI NATIONAL LIBERATION FRONT"]],
                "victims": [["PEASANTS"]],
                "targets": [],
                "places": [["SAN MIGUEL"]],
                "killed": {"low": 5, "high": 5},
                "injured": None,
            },
            {
                "perpetrators": [["URBAN TERRORISTS"]],
                "victims": [["JOSE PEREZ", "MAYOR"]],
                "targets": [["BRIDGE"]],
                "places": [["SAN MIGUEL"]],
                "killed": [{"low": 12, "high": 12}, {"low": 15, "high": 15}],
                "injured": {"low": 2, "high": None},
            },
        ],
    },
    "d2": {"id": "d2", "corpus": "muc4", "counts_annotated": True, "incidents": []},
    "d3": {
        "id": "d3",
        "corpus": "wikievents",
        "counts_annotated": False,
        "incidents": [{"victims": [["members", "the members of the party"]], "killed": None}],
    },
}


def _m(text: str) -> dict[str, Any]:
    return {"text": text, "start": 0, "end": len(text)}


def _claim(kind: str, low: int | None, high: int | None, **roles: list[str]) -> dict[str, Any]:
    return {"kind": kind, "low": low, "high": high} | {
        role: [_m(t) for t in texts] for role, texts in roles.items()
    }


PRED: dict[str, dict[str, Any]] = {
    "d1": {
        "claims": [
            _claim(
                "killed",
                5,
                5,
                perpetrators=["the FMLN"],
                victims=["peasants"],
                places=["San Miguel"],
            ),
            _claim(
                "killed",
                15,
                15,
                perpetrators=["terrorists"],
                victims=["soldiers"],
                places=["San Miguel"],
            ),
            _claim("injured", 3, 3, perpetrators=["FMLN"]),
            _claim("attacked", None, None, victims=["Peasants."]),
        ]
    },
    "d2": {"claims": [_claim("killed", 2, 2, perpetrators=["the army"])]},
    "d3": {"claims": [_claim("killed", 9, 9, victims=["party members"])]},
}


def test_normalise_and_head_word() -> None:
    assert normalise("The F.M.L.N.") == "fmln"
    assert normalise("  an  Urban   Terrorist ") == "urban terrorist"
    assert head_word("members of fmln") == "members"
    assert head_word("farabundo marti national liberation front") == "front"
    assert head_word("") == ""


def test_gold_entities_merge_on_a_shared_mention() -> None:
    incidents = [
        {"places": [["SAN MIGUEL", "SAN MIGUEL DEPARTMENT"]]},
        {"places": [["SAN MIGUEL"]]},
    ]
    assert gold_entities(incidents, "places") == [{"san miguel", "san miguel department"}]


def test_perfect_prediction_scores_one() -> None:
    gold = {"d1": GOLD["d1"]}
    claims = [
        _claim(
            "killed",
            5,
            5,
            perpetrators=["FMLN", "URBAN TERRORISTS"],
            victims=["PEASANTS", "MAYOR"],
            targets=["bridge"],
            places=["SAN MIGUEL"],
        ),
        _claim("killed", 12, 12),
        _claim("injured", 2, None),
    ]
    score = score_roles({"d1": {"claims": claims}}, gold)
    assert score.headline() == {
        "micro_f1": 1.0,
        "micro_f1_muc4": 1.0,
        "counts_f1": 1.0,
        "perpetrators_f1": 1.0,
    }


def test_empty_prediction_has_zero_recall() -> None:
    score = score_roles({}, GOLD)
    assert score.metrics["micro"].recall == 0.0
    assert score.metrics["micro"].n_gold == 7
    assert score.metrics["counts"].n_gold == 3  # d3 is not counts_annotated


def test_partial_prediction() -> None:
    score = score_roles(PRED, GOLD)
    m = score.metrics
    # d1 perpetrators: {fmln, terrorists} vs {FMLN, URBAN TERRORISTS}: 2 tp (one by head word)
    # d2 perpetrators: {army} vs none: 1 fp
    assert (m["perpetrators"].tp, m["perpetrators"].n_pred, m["perpetrators"].n_gold) == (2, 3, 2)
    # victims d1: {peasants, soldiers} vs {PEASANTS, JOSE PEREZ/MAYOR}: 1 tp ("Peasants." dedups)
    # victims d3: {party members} vs {members, ...}: head "members" matches: 1 tp
    assert (m["victims"].tp, m["victims"].n_pred, m["victims"].n_gold) == (2, 3, 3)
    assert (m["targets"].tp, m["targets"].n_pred, m["targets"].n_gold) == (0, 0, 1)
    assert (m["places"].tp, m["places"].n_pred, m["places"].n_gold) == (1, 1, 1)  # merged entity
    # micro: tp 2+2+0+1 = 5, pred 3+3+0+1 = 7, gold 2+3+1+1 = 7: P = R = F1 = 5/7
    assert score.headline()["micro_f1"] == pytest.approx(5 / 7)
    # muc4 (d1, d2): tp 4, pred 6, gold 6: F1 = 2/3; wikievents (d3): 1 of 1
    assert score.headline()["micro_f1_muc4"] == pytest.approx(2 / 3)
    assert score.headline()["micro_f1_wikievents"] == 1.0
    # counts: gold {k5}, {k12|k15}, {i2-}; predicted d1 {k5, k15, i3} + d2 {k2} (d3 not scored)
    # tp 2, pred 4, gold 3: P = 0.5, R = 2/3, F1 = 2*0.5*(2/3)/(0.5+2/3) = 4/7
    assert (m["counts"].tp, m["counts"].n_pred, m["counts"].n_gold) == (2, 4, 3)
    assert score.headline()["counts_f1"] == pytest.approx(4 / 7)


def test_one_prediction_fills_one_entity() -> None:
    gold = {"d": {"incidents": [{"victims": [["PEASANTS"], ["FARM PEASANTS"]]}]}}
    pred = {"d": {"claims": [_claim("killed", 1, 1, victims=["peasants"])]}}
    victims = score_roles(pred, gold).metrics["victims"]
    assert (victims.tp, victims.n_pred, victims.n_gold) == (1, 1, 2)
