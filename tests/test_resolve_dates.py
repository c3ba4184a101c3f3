"""Date phrases -> intervals: vague phrases, weekdays, no publication date, non-dates."""

from __future__ import annotations

import pytest

from harmledger.models import DateInterval, Span
from harmledger.resolve.dates import VAGUE_DATE_RE, precision_of, resolve_date, resolve_text

PUBLISHED = "2025-03-10"  # a Monday


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("in recent days", "2025-03-03", "2025-03-10", 2),
        ("over the past few days", "2025-03-03", "2025-03-10", 2),
        ("in the past days", "2025-03-03", "2025-03-10", 2),
        ("the past three days", "2025-03-07", "2025-03-10", 2),
        ("over the past 48 hours", "2025-03-08", "2025-03-10", 2),
        ("this week", "2025-03-10", "2025-03-10", 3),
        ("over the past week", "2025-03-03", "2025-03-10", 3),
        ("last week", "2025-03-03", "2025-03-09", 3),
        ("over the weekend", "2025-03-08", "2025-03-09", 2),
        ("yesterday", "2025-03-09", "2025-03-09", 1),
        ("today", "2025-03-10", "2025-03-10", 1),
        ("last night", "2025-03-09", "2025-03-10", 2),
        ("on Tuesday", "2025-03-04", "2025-03-04", 1),
        ("Tuesday night", "2025-03-04", "2025-03-04", 1),
        ("on Monday", "2025-03-10", "2025-03-10", 1),  # the publication weekday is that day
        ("last Monday", "2025-03-03", "2025-03-03", 1),
        ("last month", "2025-02-01", "2025-02-28", 4),
        ("earlier this month", "2025-03-01", "2025-03-10", 3),
        ("since Thursday", "2025-03-06", "2025-03-10", 2),
        ("since March 1", "2025-03-01", "2025-03-10", 3),
        ("March 6", "2025-03-06", "2025-03-06", 1),
        ("on the night of March 6", "2025-03-06", "2025-03-06", 1),
        ("Thursday, March 6", "2025-03-06", "2025-03-06", 1),
        ("March 11", "2024-03-11", "2024-03-11", 1),  # the latest one on or before publication
        ("March 6-8", "2025-03-06", "2025-03-08", 2),
        ("between 6 and 8 March", "2025-03-06", "2025-03-08", 2),
        ("between January 21, 2025 and January 25, 2025", "2025-01-21", "2025-01-25", 2),
        ("between February 27 and March 2, 2025", "2025-02-27", "2025-03-02", 2),
        ("from 28 December 2024 to 3 January 2025", "2024-12-28", "2025-01-03", 3),
        ("between December 28 and January 3, 2025", "2024-12-28", "2025-01-03", 3),
        ("6 March 2025", "2025-03-06", "2025-03-06", 1),
        ("2024", "2024-01-01", "2024-12-31", 5),
        ("in 2024", "2024-01-01", "2024-12-31", 5),
        ("March 2025", "2025-03-01", "2025-03-31", 4),
        ("early March", "2025-03-01", "2025-03-10", 3),
        ("late March", "2024-03-21", "2024-03-31", 3),  # late March 2025 is still to come
        ("mid-February", "2025-02-11", "2025-02-20", 3),
        ("two days ago", "2025-03-08", "2025-03-08", 1),
        ("five minutes ago", "2025-03-10", "2025-03-10", 1),
        ("last year", "2024-01-01", "2024-12-31", 5),
        ("03/06/2025", "2025-03-06", "2025-03-06", 1),
        ("2025-03-06", "2025-03-06", "2025-03-06", 1),
    ],
)
def test_with_publication_date(phrase: str, start: str, end: str, precision: int) -> None:
    assert resolve_text(phrase, PUBLISHED) == (start, end, precision)


@pytest.mark.parametrize(
    "phrase",
    ["in recent days", "yesterday", "on Tuesday", "last month", "since Thursday", "March 6",
     "this week", "two days ago", "early March", "March 6-8"],
)  # fmt: skip
def test_relative_phrases_without_publication_date_are_unknown(phrase: str) -> None:
    assert resolve_text(phrase, None) == (None, None, None)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("6 March 2025", ("2025-03-06", "2025-03-06", 1)),
        ("March 2025", ("2025-03-01", "2025-03-31", 4)),
        ("2024", ("2024-01-01", "2024-12-31", 5)),
        ("March 6-8, 2025", ("2025-03-06", "2025-03-08", 2)),
    ],
)
def test_absolute_dates_without_publication_date(
    phrase: str, expected: tuple[str, str, int]
) -> None:
    assert resolve_text(phrase, None) == expected


@pytest.mark.parametrize(
    "phrase", ["67", "five minutes", "dozens", "Baniyas", "", "the security forces", "30 February"]
)
def test_not_dates_are_unknown(phrase: str) -> None:
    assert resolve_text(phrase, PUBLISHED) == (None, None, None)


@pytest.mark.parametrize("published", ["not a date", "", "2025-13-40"])
def test_bad_publication_date_counts_as_unknown(published: str) -> None:
    assert resolve_text("yesterday", published) == (None, None, None)
    assert resolve_text("6 March 2025", published) == ("2025-03-06", "2025-03-06", 1)


def test_publication_datetime_is_accepted() -> None:
    assert resolve_text("yesterday", "2025-03-10T23:15:00Z") == ("2025-03-09", "2025-03-09", 1)


def test_resolve_date_keeps_the_span() -> None:
    text = "Dozens were killed in recent days."
    start = text.index("in recent")
    span = Span.of(text, start, start + len("in recent days"))
    assert resolve_date(span, PUBLISHED) == DateInterval("2025-03-03", "2025-03-10", 2, span)
    assert resolve_date(span, None) == DateInterval(None, None, None, span)


def test_results_are_cached() -> None:
    resolve_text("March 4", "2025-03-09")
    hits = resolve_text.cache_info().hits
    assert resolve_text("March 4", "2025-03-09") == ("2025-03-04", "2025-03-04", 1)
    assert resolve_text.cache_info().hits == hits + 1


@pytest.mark.parametrize(
    ("days", "precision"), [(1, 1), (2, 2), (6, 2), (7, 3), (30, 3), (31, 4), (62, 4), (63, 5)]
)
def test_precision_of(days: int, precision: int) -> None:
    import datetime as dt

    start = dt.date(2025, 1, 1)
    assert precision_of(start, start + dt.timedelta(days=days - 1)) == precision


def test_vague_date_regex_finds_phrases_spacy_misses() -> None:
    text = (
        "Over the past few days, and in recent days, gunmen killed three people on Tuesday; "
        "since Thursday dozens fled, two days ago a school was hit, and in early March the "
        "shelling began. The 67-year-old said five minutes passed."
    )
    found = [m.group(0) for m in VAGUE_DATE_RE.finditer(text)]
    assert found == [
        "Over the past few days",
        "in recent days",
        "on Tuesday",
        "since Thursday",
        "two days ago",
        "early March",
    ]
    for phrase in found:
        assert resolve_text(phrase, PUBLISHED)[0] is not None, phrase
