"""One toll told in parts within a sentence, on hand-written sentences parsed with the real
model: parts set apart ("the third", "the other") are summed, a person named again through
a reflexive pronoun is counted once."""

from __future__ import annotations

import pytest

from harmledger.extract.claims import find_claims
from harmledger.extract.nlp import load_nlp
from harmledger.models import Claim

_LEAD = "Three suicide bombers attacked a market in Dorakhel. "


def _claims(text: str, kind: str) -> list[Claim]:
    found = find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")
    return [c for c in found if c.kind == kind]


def _tolls(text: str, kind: str = "killed") -> list[tuple[int | None, int | None, str]]:
    return [(c.count.low, c.count.high, c.count.qualifier) for c in _claims(text, kind)]


@pytest.mark.parametrize(
    ("sentence", "tolls"),
    [
        ("Two militants died in the explosion and the third militant was killed by police.",
         [(3, 3, "exact")]),
        ("Two people died at the scene and a third died in hospital.", [(3, 3, "exact")]),
        ("At least two guards were killed and the third guard died later.",
         [(3, None, "at_least")]),
        # a part of another kind of harm is no part of the toll
        ("One man was killed and the other was wounded.", [(1, 1, "exact")]),
        # figures without a word that sets them apart stay two statements
        ("Four people were killed in the blast and two people died in the fire.",
         [(4, 4, "exact"), (2, 2, "exact")]),
    ],
)  # fmt: skip
def test_parts_set_apart_are_summed(
    sentence: str, tolls: list[tuple[int | None, int | None, str]]
) -> None:
    assert _tolls(_LEAD + sentence) == tolls


def test_the_sum_keeps_the_span_of_both_parts_and_their_victims() -> None:
    text = _LEAD + (
        "Two militants died in the explosion and the third militant was killed by police."
    )
    (claim,) = _claims(text, "killed")
    assert claim.count.span is not None
    assert claim.count.span.text.startswith("Two militants")
    assert claim.count.span.text.endswith("the third militant")
    assert text[claim.count.span.start : claim.count.span.end] == claim.count.span.text
    assert {v.span.text for v in claim.victims} == {"militants", "militant"}


def test_a_bomber_named_again_by_a_reflexive_is_counted_once() -> None:
    text = _LEAD + (
        "One bomber detonated her belt at the gate, killing herself and injuring three guards, "
        "and the second bomber was shot dead by police."
    )
    assert _tolls(text) == [(2, 2, "exact")]
    assert _tolls(text, "injured") == [(3, 3, "exact")]


def test_themselves_counts_as_the_subject_it_names() -> None:
    text = _LEAD + (
        "The two bombers detonated their vests near the bridge, killing themselves and a shepherd."
    )
    (claim,) = _claims(text, "killed")
    assert (claim.count.low, claim.count.high) == (3, 3)
    assert claim.excluding_attackers is not None
    assert (claim.excluding_attackers.low, claim.excluding_attackers.high) == (1, 1)
