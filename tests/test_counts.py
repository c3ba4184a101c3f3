"""Count phrases by the convention table of the eval README."""

from __future__ import annotations

import pytest

from harmledger.extract.counts import (
    HUGE,
    count_from_span,
    implausible,
    number_value,
    parse_count_text,
    sum_counts,
)
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


# --- figures beyond any plausible toll ----------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "3000000000",
        "9223372036854775807",
        "7" * 5000,
        "3 billion",
        "over 20 million",
        "about 12.5 million",
        "10000001",
        "5 to 3000000000",
        "18446744073709551616 people",
    ],
)
def test_a_figure_over_ten_million_is_an_unknown_count_flagged_for_review(phrase: str) -> None:
    assert parse_count_text(phrase) == (None, None, None, "unknown")
    count = count_from_span(Span(0, len(phrase), phrase))
    assert count is not None and count.span is not None and count.span.text == phrase
    assert (count.low, count.best, count.high, count.qualifier) == (None, None, None, "unknown")
    assert implausible(count)


def test_ten_million_is_still_a_toll_and_decimals_round_like_round() -> None:
    assert parse_count_text("10000000") == (10_000_000, 10_000_000, 10_000_000, "exact")
    assert not implausible(Count(None, None, None, "unknown", Span(0, 6, "people")))
    assert not implausible(Count(5, 5, 5, "exact", Span(0, 1, "5")))
    assert [number_value(w) for w in ("2.5", "3.5", "1.5 million", "0.5k")] == [
        2,
        4,
        1_500_000,
        500,
    ]
    assert number_value("7" * 5000) == HUGE
    assert number_value("1." + "0" * 5000 + "1") == 1


def test_an_enumeration_summing_over_ten_million_is_unknown() -> None:
    span = Span(0, 3, "two")
    big = Count(9_000_000, 9_000_000, 9_000_000, "exact", span)
    total = sum_counts([big, big], span)
    assert (total.low, total.qualifier, total.span) == (None, "unknown", span)
