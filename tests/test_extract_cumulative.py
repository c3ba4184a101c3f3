"""Background totals (cumulative claims), on hand-written sentences parsed with the real model."""

from __future__ import annotations

import pytest

from harmledger.extract.claims import find_claims
from harmledger.extract.cumulative import cumulative_period
from harmledger.extract.nlp import load_nlp
from harmledger.extract.triggers import find_trigger
from harmledger.models import Claim


def claims_of(text: str) -> tuple[Claim, ...]:
    return find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")


@pytest.mark.parametrize(
    ("text", "best", "period"),
    [
        ("The war has killed more than 150,000 people since 2014.", 150000, "since 2014"),
        ("The insurgency has left around 35,000 dead.", 35000, None),
        ("At least 41 people were killed across the territory in the past 24 hours.", 41,
         "in the past 24 hours"),
        ("She was the 90th aid worker killed since the war began.", 90, "since the war began"),
        ("More than 600 civilians have been killed in the region so far this year.", 600,
         "so far this year"),
        ("Statistics show 98 people were murdered in the city in 2023.", 98, None),
    ],
)  # fmt: skip
def test_background_totals_are_cumulative(text: str, best: int, period: str | None) -> None:
    (claim,) = [c for c in claims_of(text) if c.kind == "killed"]
    assert claim.cumulative and claim.is_aggregate
    assert claim.count.best == best
    assert claim.date is None  # a period never dates an event
    assert claim.period is not None
    assert (claim.period.span.text if claim.period.span else None) == period


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed 12 villagers in the market.",
        "In the past week, gunmen killed 12 villagers in the district.",
        "Two people were killed, the first deaths in the town since the ceasefire began.",
        "Four soldiers were killed a day after rebels fired a missile at the capital.",
        "Police figures show two people were killed in the attack on Monday.",
    ],
)
def test_event_tolls_are_not_cumulative(text: str) -> None:
    assert not any(c.cumulative for c in claims_of(text) if c.kind == "killed")


def test_cumulative_period_reads_the_clause_of_the_trigger() -> None:
    text = "Rebels killed three guards, a week after the army said 500 had died since May."
    doc = load_nlp()(text)
    killed = next(t for t in doc if t.text == "killed")
    trig = find_trigger(killed)
    assert trig is not None
    assert cumulative_period(killed, text, trig.patients) == (False, None)


def test_a_background_total_gets_its_period_and_never_the_events_date() -> None:
    from harmledger.extract.rules import make_rule_extractor
    from harmledger.models import Document

    text = (
        "Shelling killed four people in the market on Saturday.\n\n"
        "The insurgency has left around 35,000 dead, and more than 600 civilians have been "
        "killed in the region since 2014."
    )
    document = Document("d", "t", "text", text, published="2025-03-10")
    claims = make_rule_extractor().extract(document).claims
    totals = [c for c in claims if c.cumulative]
    assert len(totals) == 2 and all(c.date is None for c in totals)
    periods = [(c.period.start, c.period.end) for c in totals if c.period]
    assert periods == [(None, "2025-03-10"), ("2014-01-01", "2025-03-10")]


@pytest.mark.parametrize(
    "text",
    [
        "The group said the raid was revenge for the killing of its commander.",
        "Rebels burned the bus in revenge for the killing of their leader.",
        "The raid came in reprisal for the arrest of five of its members.",
    ],
)
def test_the_harm_a_deed_avenges_is_context_not_its_toll(text: str) -> None:
    claims = [c for c in claims_of(text) if c.kind in {"killed", "detained"}]
    assert claims and all(c.cumulative and c.date is None for c in claims)
