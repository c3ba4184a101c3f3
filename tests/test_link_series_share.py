"""An attack's toll from the toll of the series of attacks its report gives."""

from __future__ import annotations

from dataclasses import replace

from harmledger.link.reconcile import reconcile
from harmledger.link.series_share import METHOD, series_claims, series_estimate
from harmledger.models import Claim, ClaimRef, Count, Span
from test_link_reconcile import member

SENTENCE = Span(0, 52, "Seven officers were killed across the three attacks.")


def _total(kind: str, count: Count, events: int) -> Claim:
    return Claim(
        kind,  # type: ignore[arg-type]
        SENTENCE,
        Span(20, 26, "killed"),
        count,
        cumulative=True,
        series_events=events,
    )


def _attack_with_series(*totals: Claim) -> list:  # type: ignore[type-arg]
    attacked = member("d1", kind="attacked", count=Count(None, None, None, "unknown"))
    series = tuple((ClaimRef("d1", 1 + i), c) for i, c in enumerate(totals))
    return [replace(attacked, series=series)]


def test_the_share_is_an_interval_with_the_even_split_as_best() -> None:
    seven = Count(7, 7, 7, "exact", Span(0, 5, "Seven"))
    found = series_estimate("killed", _attack_with_series(_total("killed", seven, 3)))
    assert found is not None
    assert (found.low, found.best, found.high, found.conservative) == (0, 2, 7, 2)
    assert found.method == METHOD and found.claims == (ClaimRef("d1", 1),)
    assert "Seven killed across 3 related attacks" in found.note


def test_an_open_total_of_an_unstated_number_of_attacks_has_no_best() -> None:
    many = Count(50, 50, None, "at_least", Span(0, 11, "At least 50"))
    found = series_estimate("killed", _attack_with_series(_total("killed", many, 0)))
    assert found is not None
    assert (found.low, found.best, found.high) == (0, None, None)
    assert "share is not stated" in found.note


def test_no_series_total_of_the_kind_gives_none() -> None:
    seven = Count(7, 7, 7, "exact")
    assert series_estimate("injured", _attack_with_series(_total("killed", seven, 3))) is None


def test_an_incident_with_only_a_series_total_is_not_none_reported() -> None:
    seven = Count(8, 8, 8, "exact", Span(0, 5, "Eight"))
    incident = reconcile("i1", _attack_with_series(_total("killed", seven, 2)))
    killed = next(e for e in incident.estimates if e.kind == "killed")
    assert (killed.low, killed.best, killed.method) == (0, 4, METHOD)
    injured = next(e for e in incident.estimates if e.kind == "injured")
    assert injured.method == "none reported"


def test_an_own_figure_wins_over_the_series_share() -> None:
    own = member("d1", count=Count(3, 3, 3, "exact"))
    series = ((ClaimRef("d1", 1), _total("killed", Count(9, 9, 9, "exact"), 3)),)
    incident = reconcile("i2", [replace(own, series=series)])
    killed = next(e for e in incident.estimates if e.kind == "killed")
    assert (killed.low, killed.best, killed.method) == (3, 3, "single report")


def test_series_claims_keep_their_positions() -> None:
    plain = member("d1").claim
    total = _total("killed", Count(7, 7, 7, "exact"), 3)
    assert series_claims((plain, total), "d1") == ((ClaimRef("d1", 1), total),)
