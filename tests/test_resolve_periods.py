"""Period phrases ("since 2014", "so far this year", "in the past 24 hours") -> intervals."""

from __future__ import annotations

import pytest

from harmledger.models import Span
from harmledger.resolve.periods import find_periods, period_kind, resolve_period

PUB = "2025-03-14"  # a Friday


def _span(text: str) -> Span:
    return Span(0, len(text), text)


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("since March 2021", "2021-03-01", PUB, 5),
        ("since 2014", "2014-01-01", PUB, 5),
        ("Since Oct. 7, 2023", "2023-10-07", PUB, 5),
        ("since October 7", "2024-10-07", PUB, 5),
        ("since Monday", "2025-03-10", PUB, 2),
        ("since last week", "2025-03-03", PUB, 3),
        ("since early March", "2025-03-01", PUB, 3),
        ("since the start of the year", "2025-01-01", PUB, 5),
        ("since the beginning of 2024", "2024-01-01", PUB, 5),
        ("since the war began in 2022", "2022-01-01", PUB, 5),
        ("so far this year", "2025-01-01", PUB, 5),
        ("this month so far", "2025-03-01", PUB, 3),
        ("so far in 2024", "2024-01-01", PUB, 5),
        ("in the past 24 hours", "2025-03-13", PUB, 2),
        ("over the past week", "2025-03-07", PUB, 3),
        ("in recent days", "2025-03-07", PUB, 2),
    ],
)
def test_periods_run_to_publication(phrase: str, start: str, end: str, precision: int) -> None:
    interval = resolve_period(_span(phrase), PUB)
    assert interval is not None
    assert (interval.start, interval.end, interval.precision) == (start, end, precision)
    assert interval.span == _span(phrase)


@pytest.mark.parametrize(
    "phrase", ["since the war began", "since the outbreak of the conflict", "since then", "to date"]
)
def test_an_undated_start_is_unknown_but_the_end_is_publication(phrase: str) -> None:
    interval = resolve_period(_span(phrase), PUB)
    assert interval is not None
    assert (interval.start, interval.end, interval.precision) == (None, PUB, None)


def test_without_publication_only_a_dated_start_resolves() -> None:
    since = resolve_period(_span("since 2014"), None)
    assert since is not None and (since.start, since.end, since.precision) == (
        "2014-01-01",
        None,
        None,
    )
    for phrase in ("since March", "so far this year", "in the past week"):
        interval = resolve_period(_span(phrase), None)
        assert interval is not None and interval.start is None and interval.end is None


def test_a_start_after_publication_is_unknown() -> None:
    interval = resolve_period(_span("since 2030"), PUB)
    assert interval is not None and (interval.start, interval.end) == (None, PUB)


@pytest.mark.parametrize("phrase", ["on Friday", "March 2021", "last week", "overnight", "2014"])
def test_dates_are_not_periods(phrase: str) -> None:
    assert period_kind(phrase) is None
    assert resolve_period(_span(phrase), PUB) is None


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("since 2014", "since"),
        ("since the war began", "since"),
        ("so far this year", "to_date"),
        ("to date", "to_date"),
        ("over the past week", "window"),
        ("in the past 24 hours", "window"),
    ],
)
def test_period_kind(phrase: str, kind: str) -> None:
    assert period_kind(phrase) == kind


def test_find_periods_gives_exact_spans_in_order() -> None:
    text = (
        "The war has killed 150,000 people since 2014, 300 so far this year and 12 in the past "
        "24 hours. Since the conflict erupted, towns have emptied."
    )
    found = find_periods(text)
    assert [(s.text, kind) for s, kind in found] == [
        ("since 2014", "since"),
        ("so far this year", "to_date"),
        ("in the past 24 hours", "window"),
        ("Since the conflict erupted", "since"),
    ]
    assert all(text[s.start : s.end] == s.text for s, _ in found)
    second = text.index("300")
    assert [s.text for s, _ in find_periods(text, second, second + 30)] == ["so far this year"]
