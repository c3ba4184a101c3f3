"""Counts carried by a definite plural ("the hostages were killed"), on hand-written reports."""

from __future__ import annotations

import pytest

from harmledger.extract.rules import RuleExtractor
from harmledger.models import Document


def killed(text: str) -> list[tuple[int | None, int | None, str]]:
    claims = RuleExtractor().extract(Document("a1", "test", "text", text)).claims
    return [
        (c.count.low, c.count.high, c.count.span.text if c.count.span else "")
        for c in claims
        if c.kind == "killed"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen abducted four traders near Talvar. The hostages were killed two days later.",
         [(4, 4, "four")]),
        ("Militants kidnapped three village elders in Kadesh. The elders were shot dead.",
         [(3, 3, "three")]),
        ("Gunmen kidnapped two nurses in Talvar. The victims were killed the next morning.",
         [(2, 2, "two")]),
    ],
)  # fmt: skip
def test_the_hostages_take_the_count_told_before(
    text: str, expected: list[tuple[int, int, str]]
) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # no count told before: still at least one, no figure
        "Gunmen abducted traders near Talvar. The hostages were killed two days later.",
        # other people: the elders are not the abducted traders
        "Gunmen abducted four traders near Talvar. The elders were killed two days later.",
    ],
)
def test_no_antecedent_keeps_the_claims_own_count(text: str) -> None:
    assert [c[:2] for c in killed(text)] == [(1, None)]
