"""The publication date a plain-text report states near its top.

:func:`find_published` reads the first :data:`TOP_CHARS` characters of the text, in this
order of preference:

1. a "Published 14 March 2025" / "Published: 2025-03-14" / "Posted on March 14, 2025" line;
2. a dated dateline opening a paragraph, "GAO, Mali, 3 May 2024 (AFP) -"; a dateline without a
   year ("KHERSON, Ukraine, March 14 (Reuters) -") takes the year of an "Updated" line only
   (the latest such day on or before it), never a guessed year;
3. an "Updated March 14, 2025" line;
4. a line that is only a date, perhaps with a time ("14 March 2025 10:32 GMT"), or a byline
   ending with one ("By Amina Yusuf | 22 February 2025").

Numeric dates are read day first or month first only when one reading is impossible
("14/03/2025"); "03/04/2025" is ambiguous and gives nothing. The text is never changed.
"""

from __future__ import annotations

import datetime as dt
import re

from harmledger.resolve.dates import MONTHS, latest_on_or_before

#: How far into the text a publication line or dateline is looked for.
TOP_CHARS = 2000
#: The longest line read as a "Published" or bare date line.
MAX_LINE_CHARS = 120

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE = (
    rf"{_WEEKDAY}(?:(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})"
    rf"|(?P<d1>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m1>{_MONTH})\.?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}}){_ORD}(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<n1>\d{{1,2}})[/.](?P<n2>\d{{1,2}})[/.](?P<n3>\d{{4}}))"
)
_TIME = (
    r"(?:\s*(?:[,|·•-]|at)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,5}|UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)?)?"
)
_LABEL = re.compile(
    rf"^\s*(?P<label>(?:first\s+)?published|posted|updated|last\s+updated)(?:\s+on)?\s*:?\s*"
    rf"{_DATE}{_TIME}\s*\.?\s*$",
    re.IGNORECASE,
)
_BARE = re.compile(rf"^\s*{_DATE}{_TIME}\s*$", re.IGNORECASE)
#: A byline that ends with the date: "By Amina Yusuf | 22 February 2025".
_BYLINE = re.compile(
    rf"^\s*by\s+(?-i:[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|de|al|van|von)){{0,5}})"
    rf"\s*[|·•,–—-]\s*{_DATE}{_TIME}\s*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,40}){0,2},\s*"
    rf"(?i:{_DATE})\s*(?:\([A-Za-z /.&-]{{2,30}}\)\s*)?[-–—:]",
    re.MULTILINE,
)


def find_published(text: str) -> str | None:
    """The ISO publication date the report states near its top, or None (see module doc)."""
    top = text[:TOP_CHARS]
    lines = [line for line in top.splitlines() if len(line.strip()) <= MAX_LINE_CHARS]
    labelled = [m for m in (_LABEL.match(line) for line in lines) if m is not None]
    published = [m for m in labelled if not m["label"].lower().endswith("updated")]
    updated = [m for m in labelled if m["label"].lower().endswith("updated")]
    for match in published:
        found = _date_of(match)
        if found is not None:
            return found.isoformat()
    context = next((d for d in map(_date_of, updated) if d is not None), None)
    for match in _DATELINE.finditer(top):
        found = _date_of(match, context)
        if found is not None:
            return found.isoformat()
    if context is not None:
        return context.isoformat()
    for line_match in (_BARE.match(line) or _BYLINE.match(line) for line in lines):
        found = _date_of(line_match) if line_match is not None else None
        if found is not None:
            return found.isoformat()
    return None


def _date_of(match: re.Match[str], context: dt.date | None = None) -> dt.date | None:
    """The date a match names; a month and day without a year take ``context``'s year."""
    try:
        if match["iso"]:
            return dt.date.fromisoformat(_pad_iso(match["iso"]))
        if match["n1"]:
            return _numeric(int(match["n1"]), int(match["n2"]), int(match["n3"]))
        day, month = (match["d1"], match["m1"]) if match["m1"] else (match["d2"], match["m2"])
        year = match["y1"] or match["y2"]
        if year:
            return dt.date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None
    if context is None:
        return None  # no year without a context: never guessed
    return latest_on_or_before(MONTHS[month.lower()], int(day), context, years=2)


def _numeric(first: int, second: int, year: int) -> dt.date | None:
    """dd/mm/yyyy or mm/dd/yyyy when only one reading is a date; None when both are."""
    if first > 12 and second <= 12:
        return dt.date(year, second, first)
    if second > 12 and first <= 12:
        return dt.date(year, first, second)
    if first == second:
        return dt.date(year, first, second)
    return None


def _pad_iso(value: str) -> str:
    year, month, day = value.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"
