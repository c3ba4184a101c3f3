"""The publication date a plain-text report states near its top."""

from __future__ import annotations

import pytest

from harmledger.clean.pubdate import TOP_CHARS, find_published

BODY = "\n\nGunmen killed four farmers near Tarvo village on Friday, officials said.\n"


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("Published 14 March 2025", "2025-03-14"),
        ("Published: 14/03/2025", "2025-03-14"),
        ("Published: 03/14/2025", "2025-03-14"),
        ("First published on Friday, March 14, 2025", "2025-03-14"),
        ("Posted on 2025-3-4", "2025-03-04"),
        ("Updated March 14, 2025", "2025-03-14"),
        ("Last updated: 14 March 2025 | 10:32 GMT", "2025-03-14"),
        ("14 March 2025 10:32 GMT", "2025-03-14"),
        ("Friday, March 14, 2025 at 10:32 a.m. EST", "2025-03-14"),
        ("2025-03-14", "2025-03-14"),
        ("By Lena Varga | 14 March 2025", "2025-03-14"),
        ("By Lena Varga, March 14, 2025", "2025-03-14"),
    ],
)
def test_date_lines(top: str, expected: str) -> None:
    assert find_published("Shelling hits Tarvo market\n\n" + top + BODY) == expected


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("GAO, Mali, 3 May 2024 (AFP) - Gunmen killed four farmers.", "2024-05-03"),
        ("TARVO, Ruritania, March 14, 2025 (Reuters) - Shells hit a market.", "2025-03-14"),
        ("TARVO, March 14, 2025 - Shells hit a market.", "2025-03-14"),
    ],
)
def test_dated_datelines(opening: str, expected: str) -> None:
    assert find_published("Shelling hits Tarvo market\n\n" + opening) == expected


def test_a_dateline_without_a_year_is_unknown() -> None:
    assert find_published("TARVO, Ruritania, March 14 (Reuters) - Shells hit a market.") is None


def test_a_dateline_without_a_year_takes_the_year_of_an_updated_line() -> None:
    text = "Updated 2 January 2025\n\nTARVO, Ruritania, Dec. 30 (Reuters) - Shells hit."
    assert find_published(text) == "2024-12-30"


def test_a_published_line_wins_over_the_dateline() -> None:
    text = "Published 15 March 2025\n\nTARVO, Ruritania, March 14, 2025 (Reuters) - Shells hit."
    assert find_published(text) == "2025-03-15"


@pytest.mark.parametrize(
    "text",
    [
        "Published: 03/04/2025" + BODY,  # day-first or month-first: both are dates
        "Published 31 February 2025" + BODY,
        "Four farmers were killed on 14 March 2025 near Tarvo, officials said.",
        "Shelling hits Tarvo market" + BODY,
        "March 2025" + BODY,
        "By the end of the day, 14 March 2025" + BODY + " By then it was over, says Lena.",
        "",
    ],
)
def test_no_date_or_no_sure_date(text: str) -> None:
    assert find_published(text) is None


def test_only_the_top_of_the_text_is_read() -> None:
    text = "Headline\n\n" + "Villagers fled the fighting.\n" * (TOP_CHARS // 20) + "\n"
    assert find_published(text + "Published 14 March 2025\n") is None
