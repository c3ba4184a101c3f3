"""Figures told as people hit (the dead among them) or as survivors, on invented sentences."""

from __future__ import annotations

import pytest

from harmledger.extract.claims import find_claims
from harmledger.extract.nlp import load_nlp
from harmledger.link.hits import is_hit
from harmledger.models import Claim


def _injured(text: str) -> Claim:
    claims = find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")
    return next(c for c in claims if c.kind == "injured")


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Four people were shot in Zarvan on Friday.", True),
        ("Three farmers were treated for wounds in Zarvan.", True),
        # "other" people are beyond those counted before: survivors, not the dead among them
        ("Two guards died. Nine other people were treated for wounds.", False),
        ("Two guards died. Nine others were treated for injuries.", False),
        ("Two guards died and nine were wounded.", False),
    ],
)
def test_is_hit(text: str, hit: bool) -> None:
    assert is_hit(_injured(text)) is hit
