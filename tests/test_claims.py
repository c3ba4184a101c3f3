"""Claims from hand-written sentences, parsed with the real model (no places, no dates)."""

from __future__ import annotations

import pytest

from harmledger.extract.claims import find_claims
from harmledger.extract.nlp import load_nlp
from harmledger.models import Claim


def claims_of(text: str) -> tuple[Claim, ...]:
    return find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")


def only(text: str) -> Claim:
    found = claims_of(text)
    assert len(found) == 1, [(c.kind, c.count) for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "low", "best", "high", "qualifier"),
    [
        ("Gunmen killed 12 villagers in the raid.", "killed", 12, 12, 12, "exact"),
        ("At least 30 people were injured in the blast.", "injured", 30, 30, None, "at_least"),
        ("Between 6 and 8 civilians were killed by shelling.", "killed", 6, 7, 8, "range"),
        ("Dozens of residents were abducted by militants.", "abducted", 24, None, None, "vague"),
        ("Police arrested five protesters on Monday.", "detained", 5, 5, 5, "exact"),
        ("Thousands of families fled the fighting.", "displaced", 2000, None, None, "vague"),
        ("Up to 80 people died in the fire.", "killed", None, None, 80, "up_to"),
        ("Her husband and two sons were killed.", "killed", 3, 3, 3, "exact"),
        ("Nearly 100 civilians have been killed since March.", "killed", 100, 100, 100, "about"),
    ],
)
def test_counts_and_kinds(
    text: str, kind: str, low: int | None, best: int | None, high: int | None, qualifier: str
) -> None:
    claim = only(text)
    assert claim.kind == kind
    assert (claim.count.low, claim.count.best, claim.count.high) == (low, best, high)
    assert claim.count.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("No one was killed in the attack.", "killed"),
        ("If I had been late, I would have been killed.", "killed"),
        ("The army will not kill civilians.", "killed"),
        ("It is forbidden to attack anyone inside their homes.", "attacked"),
        ("He feared that he could be detained.", "detained"),
    ],
)
def test_non_factual_harm_is_not_a_claim(text: str, kind: str) -> None:
    assert [c for c in claims_of(text) if c.kind == kind] == []


def test_agent_victims_and_certainty() -> None:
    claim = only("Twelve villagers were killed by rebel fighters and government troops.")
    assert [p.span.text for p in claim.perpetrators] == ["rebel fighters", "government troops"]
    assert {p.certainty for p in claim.perpetrators} == {"alleged"}
    assert [v.span.text for v in claim.victims] == ["villagers"]
    assert claim.victims[0].civilian is True


def test_identity_group_of_victims() -> None:
    claim = only("Over 40 Yazidi civilians were killed by militants.")
    assert claim.victims[0].group == "Yazidi"
    assert claim.count.span is not None and claim.count.span.text == "Over 40"


def test_according_to_source_and_relay() -> None:
    text = "A doctor, Amal Nasser, told Reuters that four children were killed by the strike."
    claim = only(text)
    assert claim.attribution is not None
    assert claim.attribution.source.text == "Amal Nasser"
    assert [r.text for r in claim.attribution.relay] == ["Reuters"]
    assert claim.attribution.source_type == "medical"


def test_definite_noun_adds_to_the_earlier_claim() -> None:
    text = (
        "Militants killed 14 farmers, the governor said.\n\n"
        "The killings took place in two villages near the river."
    )
    found = claims_of(text)
    assert len(found) == 1
    assert found[0].count.best == 14


def test_property_claim_has_targets_not_a_count() -> None:
    claim = only("Armed men looted shops and houses in the market.")
    assert claim.kind == "property"
    assert [t.text for t in claim.targets] == ["shops", "houses"]
    assert claim.count.low is None


def test_every_span_slices_the_text() -> None:
    text = (
        "According to the health ministry, at least 21 people were killed and 40 injured "
        "when jets bombed the market. Residents said gunmen abducted three teachers."
    )
    for claim in claims_of(text):
        spans = [claim.span, claim.trigger, *(v.span for v in claim.victims)]
        spans += [p.span for p in claim.perpetrators] + list(claim.targets)
        if claim.count.span:
            spans.append(claim.count.span)
        if claim.attribution:
            spans.append(claim.attribution.source)
        for span in spans:
            assert text[span.start : span.end] == span.text
