"""Quotation marks: the stretches of text inside them, and small offset helpers.

Every top-level stretch inside quotation marks (“ ” " ‘ ’ « » '' ``) is found line by line;
a sentence-opening mark left unclosed quotes to the end of its paragraph (a quote continued
in the next one). Offsets are character offsets into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

Offsets = tuple[int, int]
_QUOTE_OPENERS: dict[str, str] = {"“": "”", "«": "»", '"': '"', "‘": "’", "''": "''", "``": "''"}
_ALT_CLOSERS: dict[str, str] = {"“": '"', '"': "”"}
_WORD_START = " \t([{—–-/"


@dataclass(frozen=True, slots=True)
class Stretch:
    """Text inside quotation marks: ``outer`` includes the marks, ``inner`` is the content."""

    outer: Offsets
    inner: Offsets
    line: int  # index of the paragraph (line) it starts in


#: Where a quote may open: every mark ``_opener_at`` knows.
_MARKS = re.compile("''|``|[“«\"‘]")


def _opener_at(line: str, i: int) -> str | None:
    """The quotation mark that opens a quote at ``line[i]``, if one does."""
    if line[i : i + 2] in ("''", "``"):
        return line[i : i + 2] if i == 0 or line[i - 1] in _WORD_START else None
    if line[i] in ("“", "«", '"'):
        return line[i]
    return "‘" if line[i] == "‘" and (i == 0 or line[i - 1] in _WORD_START) else None


def _closer_at(line: str, start: int, opener: str) -> tuple[int, int] | None:
    """Index and length of the mark that closes ``opener``, searching from ``start``."""
    closers = [c for c in (_QUOTE_OPENERS[opener], _ALT_CLOSERS.get(opener)) if c]
    for i in range(start, len(line)):
        after = line[i + 1 : i + 2]
        for closer in closers:
            follows = line[i + len(closer) : i + len(closer) + 1]
            if line.startswith(closer, i) and (closer != "’" or not follows.isalnum()):
                return i, len(closer)
        # a misprinted “ after the last word closes a “ quote ("late,“ said X")
        if opener == line[i] == "“" and not line[i - 1].isspace() and not after.isalnum():
            return i, 1
    return None


def _inner(text: str, start: int, end: int) -> Offsets | None:
    """``[start, end)`` without surrounding spaces and a trailing comma; None when blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return (start, end) if start < end else None


def quoted_stretches(text: str) -> list[Stretch]:
    """Every top-level stretch inside quotation marks, in order; a sentence-opening mark left
    unclosed quotes to the end of its paragraph (a quote continued in the next one)."""
    found: list[Stretch] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        i = 0
        while i < len(line):
            candidate = _MARKS.search(line, i)  # skip to the next quotation mark
            if candidate is None:
                break
            i = candidate.start()
            opener = _opener_at(line, i)
            close = None if opener is None else _closer_at(line, i + len(opener), opener)
            if opener is None or (close is None and not _opens_sentence(line, i, opener)):
                i += len(opener or " ")
                continue
            end, mark = close or (len(line), 0)
            inner = _inner(text, offset + i + len(opener), offset + end)
            if inner is not None:
                found.append(Stretch((offset + i, offset + end + mark), inner, number))
            i = end + max(mark, 1)
        offset += len(line) + 1
    return found


def _opens_sentence(line: str, i: int, opener: str) -> bool:
    """True when the mark at ``line[i]`` starts a sentence (so it may run to the line end)."""
    before = line[:i].rstrip()
    return opener not in ("‘", "«") and (not before or before[-1] in ".:?!,")


def overlap(a: Offsets, b: Offsets) -> int:
    """Characters shared by two ranges."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def within(inner: Offsets, outer: Offsets) -> bool:
    """True when ``inner`` lies inside ``outer``."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def words(text: str, span: Offsets) -> int:
    """Number of whitespace-separated words in ``text[span]``."""
    return len(text[span[0] : span[1]].split())


def token_range(token: Token) -> Offsets:
    """The character range of one token."""
    return token.idx, token.idx + len(token.text)
