"""Tolls stated as zero, on hand-written sentences parsed with the real model."""

from __future__ import annotations

from dataclasses import replace

import pytest

from harmledger.extract.claims import find_claims
from harmledger.extract.nlp import load_nlp
from harmledger.extract.zeros import is_event_harm, stated_zero


def zero_counts(text: str) -> list[tuple[str, str]]:
    claims = find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")
    return [
        (c.kind, c.count.span.text if c.count.span else "")
        for c in claims
        if c.count.best == 0 and c.count.qualifier == "exact"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("There were no reported casualties in the attack.",
         [("killed", "no reported casualties"), ("injured", "no reported casualties")]),
        ("No one was killed in the blast.", [("killed", "No one was killed")]),
        ("Police said nobody was injured.", [("injured", "nobody was injured")]),
        ("There were no deaths.", [("killed", "no deaths")]),
    ],
)  # fmt: skip
def test_zero_tolls_are_stated_figures(text: str, expected: list[tuple[str, str]]) -> None:
    assert zero_counts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "No one could have survived such a blast.",
        "If no one was killed, the army would say so.",
        "Two soldiers were killed, but no civilians were hurt.",
        "Gunmen killed four farmers.",
    ],
)
def test_hedged_or_partial_denials_state_no_zero_toll(text: str) -> None:
    assert zero_counts(text) == []


def test_stated_zero_needs_a_harm_word() -> None:
    doc = load_nlp()("There were no trucks on the road.")
    assert all(stated_zero(t) is None for t in doc)


def test_an_event_harm_is_neither_a_stated_zero_nor_a_background_total() -> None:
    text = "Gunmen killed 5 people. There were no reported injuries."
    claims = find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")
    event = next(c for c in claims if c.kind == "killed")
    zero = next(c for c in claims if c.count.best == 0)
    assert is_event_harm(event) and not is_event_harm(zero)
    total = replace(event, cumulative=True)
    assert not is_event_harm(total)
