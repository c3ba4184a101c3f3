"""Datelines, on hand-written openings of reports."""

from __future__ import annotations

import pytest

from harmledger.extract.datelines import is_dateline, without_dateline
from harmledger.models import Span


@pytest.mark.parametrize(
    ("text", "place", "dateline"),
    [
        ("NAIROBI - Shelling killed seven people in Gondar.", "NAIROBI", True),
        ("KHERSON, Ukraine - Shelling killed seven people.", "KHERSON", True),
        ("GAO (AFP) - Gunmen killed four traders.", "GAO", True),
        ("Shelling killed seven people in GONDAR - officials said.", "GONDAR", False),
        ("Nairobi - Shelling killed seven people.", "Nairobi", False),
    ],
)
def test_a_bureau_dateline_is_where_the_report_was_filed(
    text: str, place: str, dateline: bool
) -> None:
    start = text.index(place)
    assert is_dateline(text, Span.of(text, start, start + len(place))) is dateline


def test_a_dateline_stays_when_it_is_the_only_place() -> None:
    text = "NAIROBI - Shelling killed seven people in Gondar."
    nairobi, gondar = Span.of(text, 0, 7), Span.of(text, 41, 47)
    assert without_dateline(text, [nairobi, gondar]) == [gondar]
    assert without_dateline(text, [nairobi]) == [nairobi]
