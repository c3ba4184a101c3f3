"""Perpetrators named in statements of responsibility, on hand-written reports."""

from __future__ import annotations

import pytest

from harmledger.extract.claims import find_claims
from harmledger.extract.nlp import load_nlp
from harmledger.extract.responsibility import attribute_responsibility, responsible_actors
from harmledger.models import Claim


def claims_of(text: str) -> tuple[Claim, ...]:
    doc = load_nlp()(text)
    found = find_claims(doc, text, [], lambda _t: None, extractor="test.v1")
    return attribute_responsibility(doc, text, found)


def perpetrators(text: str, kind: str) -> list[tuple[str, str | None]]:
    claim = next(c for c in claims_of(text) if c.kind == kind)
    return [(p.span.text, p.certainty) for p in claim.perpetrators]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "A bomb killed three people at the market. "
            "The Red Dawn claimed responsibility for the attack.",
            "killed",
            [("Red Dawn", "claimed")],
        ),
        (
            "Police blamed the bombing, which killed two children, on the Northern cartel.",
            "killed",
            [("Northern cartel", "attributed")],
        ),
        (
            "Survivors spoke of the massacre of 80 people, for which they hold the army "
            "responsible.",
            "killed",
            [("army", "alleged")],
        ),
        (
            "Two guards were wounded. The attack was carried out by urban commandos of the rebels.",
            "injured",
            [("urban commandos of the rebels", "alleged")],
        ),
        (
            "The mayor was murdered last week. The government attributed the murder to the PLA.",
            "killed",
            [("PLA", "attributed")],
        ),
    ],
)
def test_statements_give_perpetrators(
    text: str, kind: str, expected: list[tuple[str, str]]
) -> None:
    assert perpetrators(text, kind) == expected


def test_own_agent_is_kept() -> None:
    text = "Soldiers killed four farmers. The rebels claimed responsibility for the ambush."
    assert [name for name, _ in perpetrators(text, "killed")] == ["Soldiers"]


def test_statement_in_another_paragraph_is_not_used() -> None:
    text = "Four farmers were killed on Monday.\n\nThe rebels claimed responsibility for a bombing."
    assert perpetrators(text, "killed") == []


def test_deeds_are_not_actors() -> None:
    doc = load_nlp()("Officials attributed the deaths to the explosion.")
    assert list(responsible_actors(doc)) == []


def test_spans_slice_the_text() -> None:
    text = "Two people died. Police said the Northern cartel was responsible for the bombing."
    for claim in claims_of(text):
        for actor in claim.perpetrators:
            assert text[actor.span.start : actor.span.end] == actor.span.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Assailants attacked a checkpoint in the valley. Two guards were killed in the "
            "attack. No group claimed responsibility; however, sources attributed the attack "
            "to the Red Hand.",
            [("Red Hand", "attributed")],
        ),
        (
            "Gunmen killed four traders on the road. No group has claimed responsibility.",
            [("Gunmen", "alleged")],
        ),
        (
            "Attackers killed three farmers near the river. The Sky Brigade did not claim "
            "responsibility, but officials blamed the Sky Brigade.",
            [("Sky Brigade", "attributed")],
        ),
    ],
)
def test_denied_statements_name_nobody(text: str, expected: list[tuple[str, str]]) -> None:
    """ "No group claimed responsibility" never makes "No group" a perpetrator, and the group
    blamed instead takes the place of the anonymous attackers."""
    assert perpetrators(text, "killed") == expected


def test_responsibility_is_for_the_attack_not_for_a_zero_toll() -> None:
    text = (
        "Assailants set fire to a school in the valley. There were no reported casualties. "
        "The Red Hand claimed responsibility for the incident."
    )
    claims = claims_of(text)
    attack = next(c for c in claims if c.kind in {"property", "attacked"})
    assert [p.span.text for p in attack.perpetrators] == ["Red Hand"]
