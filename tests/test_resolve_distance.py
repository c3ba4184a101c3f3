"""One haversine for every stage."""

from __future__ import annotations

import pytest

from harmledger.resolve.distance import great_circle_km


def test_known_distances() -> None:
    assert great_circle_km(33.5138, 36.2765, 36.2021, 37.1343) == pytest.approx(310, abs=8)
    assert great_circle_km(10.0, 20.0, 10.0, 20.0) == 0.0
    assert great_circle_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(20015, abs=10)
