"""Woundings and deaths of one person told twice, on invented sentences."""

from __future__ import annotations

from harmledger.extract.claims import find_claims
from harmledger.extract.nlp import load_nlp
from harmledger.models import Claim


def _claims(text: str) -> list[tuple[str, int | None]]:
    found: tuple[Claim, ...] = find_claims(
        load_nlp()(text), text, [], lambda _t: None, extractor="test.v1"
    )
    return [(c.kind, c.count.best) for c in found if c.kind in {"killed", "injured"}]


def test_the_dead_shot_again_is_no_new_injury() -> None:
    text = "Gunmen killed a farmer in Zarvan. The farmer was shot in the chest."
    assert _claims(text) == [("killed", 1)]


def test_one_who_was_hurt_and_survived_is_an_injury() -> None:
    text = "Gunmen shot dead two brothers in Zarvan. Their mother was beaten but survived."
    assert _claims(text) == [("killed", 2), ("injured", 1)]


def test_a_man_shot_who_died_later_is_one_death() -> None:
    text = "A man was shot on Main Street. He died at the hospital."
    assert _claims(text) == [("killed", 1)]
