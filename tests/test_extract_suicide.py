"""Suicide bombers who set off their charge are among the dead, on hand-written sentences."""

from __future__ import annotations

import pytest

from harmledger.extract.nlp import load_nlp
from harmledger.extract.suicide import self_detonation


def _found(text: str, word: str) -> list[str] | None:
    doc = load_nlp()(text)
    token = next(t for t in doc if t.text == word)
    trig = self_detonation(token)
    return None if trig is None else [p.text for p in trig.patients]


@pytest.mark.parametrize(
    ("text", "word", "patients"),
    [
        ("A suicide bomber detonated at a market in Mora.", "detonated", ["bomber"]),
        ("Two female suicide bombers detonated in Bonderi, Extreme-North, Cameroon.",
         "detonated", ["bombers"]),
        ("A suicide bomber detonated an explosives-laden vehicle at the base.", "detonated",
         ["bomber"]),
        ("Two suicide bombers attacked Kordo. The second assailant detonated near the gate.",
         "detonated", ["assailant"]),
        ("A suicide bomber on a bomb-laden scooter detonated in Korvel.", "detonated",
         ["bomber"]),
        ("A truck near the checkpoint on the main road detonated in Korvel.", "detonated", None),
        ("Assailants detonated a roadside bomb near the convoy.", "detonated", None),
        ("A suicide bomber detonated a remote-controlled mine near the convoy.", "detonated",
         None),
        ("The device was detonated by a suicide bomber.", "detonated", None),
        ("Police said the bomber detonated a car bomb outside the court.", "detonated", None),
    ],
)  # fmt: skip
def test_self_detonation(text: str, word: str, patients: list[str] | None) -> None:
    assert _found(text, word) == patients
