"""Leads that sum the incidents they name, on hand-written reports."""

from __future__ import annotations

from harmledger.extract.rules import make_rule_extractor
from harmledger.models import Claim, Document


def killed(text: str) -> list[Claim]:
    document = Document("d", "t", "text", text, published="2025-03-27")
    return [c for c in make_rule_extractor().extract(document).claims if c.kind == "killed"]


def test_a_lead_that_sums_named_parts_is_their_aggregate() -> None:
    claims = killed(
        "Gunmen killed 11 civilians in two attacks in Mali's Gao region on Wednesday, eight of "
        "them at a bus station in Gao and three at a checkpoint near Ansongo."
    )
    lead, *parts = claims
    assert (lead.count.best, lead.is_aggregate) == (11, True)
    assert [(p.count.best, [s.text for s in p.places], p.is_aggregate) for p in parts] == [
        (8, ["Gao"], False),
        (3, ["Ansongo"], False),
    ]


def test_parts_that_do_not_add_up_are_no_breakdown() -> None:
    claims = killed(
        "Gunmen killed 5 civilians in Gao, eight of them at a bus station in Gao and three "
        "at a checkpoint near Ansongo."
    )
    assert [c.count.best for c in claims] == [5]  # no parts of 8 and 3


def test_numbers_of_things_are_no_parts() -> None:
    claims = killed("Shelling killed 12 people in two villages near Gao and three towns in Mopti.")
    assert [c.count.best for c in claims] == [12]
