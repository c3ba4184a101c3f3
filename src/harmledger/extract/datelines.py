"""Datelines: where a report was filed, not where its harm happened.

"NAIROBI - Ethiopian army shelling of Debre Markos killed seven": the capitals before the dash
name the bureau. ``is_dateline`` tells such a place mention; ``without_dateline`` leaves it out
of a claim's places when the sentence names another (a dateline that is the only place named
may well be where it happened: "KHERSON, Ukraine - shells struck the market").
"""

from __future__ import annotations

import re

from harmledger.models import Span

_DATELINE = re.compile(r"(?:,[ \t]*[A-Z][\w .'’-]*)?(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*[-–—:]")


def is_dateline(text: str, span: Span) -> bool:
    """A place in capitals opening a paragraph and followed by a dash ("NAIROBI - ",
    "KHERSON, Ukraine - ", "GAO (AFP) -"): where the report was filed, not where it happened."""
    at_start = span.start == 0 or text[span.start - 1] == "\n"
    return at_start and span.text.isupper() and bool(_DATELINE.match(text, span.end))


def without_dateline(text: str, spans: list[Span]) -> list[Span]:
    """The claim's places without the dateline when the sentence names another place."""
    kept = [s for s in spans if not is_dateline(text, s)]
    return kept if kept else spans
