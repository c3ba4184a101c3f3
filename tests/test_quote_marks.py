"""Quotation marks: stretches inside them, and the offset helpers."""

from __future__ import annotations

import pytest

from harmledger.extract.nlp import blank_doc
from harmledger.extract.quote_marks import overlap, quoted_stretches, token_range, within, words


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("He said “yes” twice.", ["yes"]),
        ("“One,” she said, “two.”", ["One", "two."]),
        ("It isn’t a ‘zone’ at all.", ["zone"]),
        ("It isn’t safe, the residents’ council said.", []),
        ("“This runs on\n“and on.”", ["This runs on", "and on."]),
        ("«Non,» dit-il.", ["Non"]),
        ("''Go home,'' he said.", ["Go home"]),
        ("The “late,“ said the clerk.", ["late"]),
    ],
)
def test_quoted_stretches(text: str, inner: list[str]) -> None:
    found = quoted_stretches(text)
    assert [text[s.inner[0] : s.inner[1]] for s in found] == inner
    for stretch in found:
        assert stretch.outer[0] < stretch.inner[0] <= stretch.inner[1] <= stretch.outer[1]


def test_stretches_know_their_line() -> None:
    found = quoted_stretches("First line.\n\n“Second,” she said.")
    assert [s.line for s in found] == [2]


def test_unclosed_mark_inside_a_sentence_is_no_stretch() -> None:
    assert quoted_stretches("The word “odd appears here.") == []


@pytest.mark.parametrize(
    ("a", "b", "shared"), [((0, 5), (3, 9), 2), ((0, 3), (3, 6), 0), ((2, 4), (0, 9), 2)]
)
def test_overlap(a: tuple[int, int], b: tuple[int, int], shared: int) -> None:
    assert overlap(a, b) == shared == overlap(b, a)


def test_within_and_words() -> None:
    assert within((2, 4), (0, 9)) and within((0, 9), (0, 9)) and not within((0, 9), (2, 4))
    assert words("one two  three", (0, 14)) == 3


def test_token_range_slices_the_token() -> None:
    doc = blank_doc("Shelling resumed overnight.")
    start, end = token_range(doc[1])
    assert doc.text[start:end] == "resumed"
