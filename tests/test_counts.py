"""Count phrases by the convention table of the eval README."""

from __future__ import annotations

import pytest

from harmledger.extract.counts import count_from_span, number_value, parse_count_text, sum_counts
from harmledger.models import Count, Span


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("12", (12, 12, 12, "exact")),
        ("twelve", (12, 12, 12, "exact")),
        ("twenty-five", (25, 25, 25, "exact")),
        ("1,200", (1200, 1200, 1200, "exact")),
        ("over 532", (532, 532, None, "more_than")),
        ("more than 532", (532, 532, None, "more_than")),
        ("at least 532", (532, 532, None, "at_least")),
        ("At least five", (5, 5, None, "at_least")),
        ("up to 80", (None, None, 80, "up_to")),
        ("fewer than 80", (None, None, 80, "up_to")),
        ("about 100", (100, 100, 100, "about")),
        ("nearly 100", (100, 100, 100, "about")),
        ("6 to 8", (6, 7, 8, "range")),
        ("between 6 and 8", (6, 7, 8, "range")),
        ("six to eight", (6, 7, 8, "range")),
        ("dozens", (24, None, None, "vague")),
        ("hundreds", (200, None, None, "vague")),
        ("several", (2, None, None, "plural")),
        ("a dozen", (12, 12, 12, "exact")),
        ("3 million", (3_000_000, 3_000_000, 3_000_000, "exact")),
    ],
)
def test_parse_count_text(phrase: str, expected: tuple) -> None:
    assert parse_count_text(phrase) == expected


@pytest.mark.parametrize("phrase", ["", "the", "yesterday", "houses", "8 to 6x"])
def test_not_a_count(phrase: str) -> None:
    assert parse_count_text(phrase) is None


@pytest.mark.parametrize(("word", "value"), [("one", 1), ("a", 1), ("40", 40), ("2.5k", 2500)])
def test_number_value(word: str, value: int) -> None:
    assert number_value(word) == value


def test_count_from_span_keeps_the_span() -> None:
    text = "officials said over 532 people"
    span = Span.of(text, 15, 23)
    count = count_from_span(span)
    assert count is not None
    assert count.span == span and count.span.text == "over 532"
    assert (count.low, count.best, count.high) == (532, 532, None)


def test_enumeration_sums_exact_parts() -> None:
    span = Span(0, 5, "x" * 5)
    parts = [Count(2, 2, 2, "exact"), Count(1, 1, 1, "exact")]
    assert sum_counts(parts, span) == Count(3, 3, 3, "exact", span)


def test_enumeration_with_a_plural_is_a_lower_bound() -> None:
    span = Span(0, 5, "x" * 5)
    parts = [Count(1, 1, 1, "exact"), Count(2, None, None, "plural")]
    assert sum_counts(parts, span) == Count(3, None, None, "plural", span)
