"""Clauses of another event, on hand-written sentences parsed with the real model."""

from __future__ import annotations

import pytest

from harmledger.extract.clauses import event_clause, same_event
from harmledger.extract.nlp import load_nlp


def tokens(text: str, *words: str) -> list:  # type: ignore[type-arg]
    doc = load_nlp()(text)
    return [next(t for t in doc if t.text == w) for w in words]


@pytest.mark.parametrize(
    ("text", "a", "b", "same"),
    [
        ("Four soldiers were killed a day after rebels fired a missile at the capital.",
         "killed", "fired", False),
        ("Four soldiers were killed a day after rebels fired a missile at the capital.",
         "killed", "capital", False),
        ("Two people died before the army shelled the town.", "died", "town", False),
        ("Gunmen stormed the village and killed 12 people.", "stormed", "killed", True),
        ("Shelling killed three people in the market.", "killed", "market", True),
    ],
)  # fmt: skip
def test_same_event(text: str, a: str, b: str, same: bool) -> None:
    first, second = tokens(text, a, b)
    assert same_event(first, second) is same


def test_event_clause_of_a_main_clause_is_the_root() -> None:
    (killed,) = tokens("Shelling killed three people.", "killed")
    assert event_clause(killed).i == killed.i


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("About 300 residents had fled to the town since the raid.", "raid", True),
        ("Shops stayed shut in the days after the attack.", "attack", True),
        ("The raid began before midnight.", "raid", False),
        ("Police confirmed the attack.", "attack", False),
    ],
)
def test_is_time_reference(text: str, word: str, expected: bool) -> None:
    from harmledger.extract.clauses import is_time_reference

    token = next(t for t in load_nlp()(text) if t.text == word)
    assert is_time_reference(token) is expected
