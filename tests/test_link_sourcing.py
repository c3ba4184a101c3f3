"""Origins, independence and grades of an incident's sources (``link/sourcing.py``)."""

from __future__ import annotations

from harmledger.link.sourcing import _institution, _same_origins, grade, independent
from harmledger.models import IncidentSource


def _source(kind: str, doc: str, story: str) -> IncidentSource:
    return IncidentSource(name="x", source_type=kind, document_id=doc, story=story)  # type: ignore[arg-type]


def test_a_body_is_an_institution_and_a_described_person_is_not() -> None:
    assert _institution("the health ministry")
    assert _institution("Mercy Network")
    assert not _institution("a doctor")


def test_one_body_named_more_or_less_fully_is_one_origin() -> None:
    keys = {"source:kelvaria health ministry", "source:health ministry", "story:1"}
    same = _same_origins(keys)
    assert same["source:kelvaria health ministry"] == "source:health ministry"
    assert same["story:1"] == "story:1"


def test_one_report_quoting_two_bodies_is_not_corroboration() -> None:
    found = [_source("NGO", "d1", "a"), _source("official", "d1", "b")]
    assert independent(found) == 1
    assert grade(found, is_contested=False) == "reported"


def test_grades() -> None:
    two = [_source("NGO", "d1", "a"), _source("journalist", "d2", "b")]
    assert grade(two, is_contested=False) == "confirmed"
    assert grade(two, is_contested=True) == "contested"
    witnesses = [_source("witness", "d1", "a"), _source("witness", "d2", "b")]
    assert grade(witnesses, is_contested=False) == "corroborated"
    assert grade([_source("witness", "d1", "a")], is_contested=False) == "unverified"
