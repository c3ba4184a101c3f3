"""Period phrases -> the interval they span: "since 2014", "so far this year", "in the past week".

A period phrase starts or describes a stretch of time, not the day something happened. Three
kinds:

- ``since``: "since March 2021", "since 2014", "since the war began", "since the start of the
  year", "since then" -> [the anchor's first day, publication]. When the anchor is an event the
  text does not date ("since the war began", "since then") the start is unknown (None).
- ``to_date``: "so far this year", "so far in 2024", "this month so far", "to date" ->
  [the first day of that year/month/week, publication].
- ``window``: "in the past 24 hours", "over the past week", "during the last three days",
  "in recent days" -> [publication minus the window, publication].

The end is the publication date (the period runs to now); with no publication date it is
unknown (None), and so is a start that needs it ("since March", "in the past week"). A start
with its own year ("since 2014") still resolves. Only a ``window`` may date a claim's event: the
harm lies inside it. A ``since`` or ``to_date`` period is the span of a cumulative figure ("the
war has killed 150,000 since 2014") and never a claim's event date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from harmledger.extract import rulebook_words as rw
from harmledger.models import Claim, DateInterval, Span
from harmledger.resolve.dates import MONTH_RE, WEEKDAY_RE, precision_of, resolve_text

PeriodKind = Literal["since", "to_date", "window"]

_MONTH = rf"{MONTH_RE}\.?"  # "Oct. 7"
_WEEKDAY = WEEKDAY_RE
_NUM = rf"(?:\d{{1,3}}|{rw.alternation('date_count_words')})"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|(?:(?:early|mid|late)[\s-]+)?{_MONTH}(?:\s+\d{{4}})?|(?:18|19|20)\d\d"
    rf"|(?:last\s+)?{_WEEKDAY}(?:\s+(?:night|morning|afternoon|evening))?"
    r"|(?:last|this)\s+(?:week|month|year)|yesterday|then)"
)
_EVENT = r"(?:\w+[’'-]?\w*\s+){0,3}?"
_SINCE = (
    rf"since\s+(?:(?:the\s+)?(?:start|beginning|outbreak|end|onset)\s+of\s+(?:the\s+|this\s+)?"
    rf"(?:{_DATE}|{_EVENT}\w+(?:\s+in\s+{_DATE})?)"
    rf"|the\s+{_EVENT}(?:began|begun|started|erupted|broke\s+out|ended|escalated|resumed)"
    rf"(?:\s+(?:in|on)\s+{_DATE})?|{_DATE})"
)
_TO_DATE = (
    r"(?:so\s+far|thus\s+far|to\s+date)\s+(?:this\s+(?:year|month|week)|in\s+(?:18|19|20)\d\d)"
    r"|(?:this|in)\s+(?:year|month|week|(?:18|19|20)\d\d)\s+(?:so\s+far|to\s+date|thus\s+far)"
    r"|(?:so\s+far|to\s+date|thus\s+far)"
)
_WINDOW = (
    rf"(?:in|over|during|within|for)\s+(?:the\s+)?(?:past|last|previous|preceding)\s+"
    rf"(?:{_NUM}\s+)?(?:hours|days|weeks?|months?|years?|24\s+hours|48\s+hours|72\s+hours)"
    r"|in\s+recent\s+(?:days|weeks|months)"
)
PERIOD_RE = re.compile(
    rf"\b(?:(?P<since>{_SINCE})|(?P<to_date>{_TO_DATE})|(?P<window>{_WINDOW}))\b", re.IGNORECASE
)
_ANCHOR_OF = re.compile(r"^(?:the\s+)?(?:start|beginning|outbreak|end|onset)\s+of\s+(.+)$")
_EVENT_DATE = re.compile(r"\s(?:in|on)\s+(.+)$")
_SO_FAR = re.compile(r"\b(?:so|thus)\s+far\b|\bto\s+date\b")
_IN_YEAR = re.compile(r"\bin\s+((?:18|19|20)\d\d)\b")
_THIS_UNIT = re.compile(r"\b(?:this\s+)?(year|month|week)\b")


def find_periods(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[Span, PeriodKind]]:
    """Period phrases in ``text[start:end]`` with their kind, in text order."""
    found: list[tuple[Span, PeriodKind]] = []
    for m in PERIOD_RE.finditer(text, start, len(text) if end is None else end):
        kind: PeriodKind = "since" if m["since"] else "to_date" if m["to_date"] else "window"
        found.append((Span.of(text, m.start(), m.end()), kind))
    return found


def period_kind(phrase: str) -> PeriodKind | None:
    """The kind of a period phrase, or None when ``phrase`` is not one (a plain date)."""
    m = PERIOD_RE.fullmatch(_norm(phrase))
    if m is None:
        return None
    return "since" if m["since"] else "to_date" if m["to_date"] else "window"


def resolve_period(span: Span, published: str | None) -> DateInterval | None:
    """The interval a period phrase spans, ending at publication; None if it is not a period.

    The returned interval keeps ``span``. A start or end that cannot be placed is None, and the
    precision is None unless both ends are known.
    """
    phrase = _norm(span.text)
    kind = period_kind(phrase)
    if kind is None:
        return None
    pub = _date(published)
    if kind == "window":
        first, last, precision = resolve_text(phrase, published)
        return DateInterval(first, last, precision, span)
    begin = _since_start(phrase[6:], published) if kind == "since" else _to_date_start(phrase, pub)
    if begin is not None and pub is not None and begin > pub:
        begin = None
    return _interval(begin, pub, span)


def _interval(begin: dt.date | None, pub: dt.date | None, span: Span) -> DateInterval:
    precision = precision_of(begin, pub) if begin and pub else None
    return DateInterval(
        begin.isoformat() if begin else None, pub.isoformat() if pub else None, precision, span
    )


def _since_start(anchor: str, published: str | None) -> dt.date | None:
    """The first day of what "since" names ("2014", "the start of the year", "March 6")."""
    of = _ANCHOR_OF.match(anchor)
    if of is not None:
        anchor = of.group(1)
        anchor = re.sub(r"^(?:the|this)\s+(year|month|week)$", r"this \1", anchor)
    if anchor.startswith("the "):  # an event: dated only by "in 2014" after it
        dated = _EVENT_DATE.search(anchor)
        if dated is None:
            return None
        anchor = dated.group(1)
    first, _last, _precision = resolve_text(anchor, published)
    return dt.date.fromisoformat(first) if first else None


def _to_date_start(phrase: str, pub: dt.date | None) -> dt.date | None:
    """The first day of the year, month or week "so far" counts from (None for a bare "so far")."""
    year = _IN_YEAR.search(phrase)
    if year is not None:
        return dt.date(int(year.group(1)), 1, 1)
    unit = _THIS_UNIT.search(_SO_FAR.sub("", phrase))
    if unit is None or pub is None:
        return None
    if unit.group(1) == "year":
        return dt.date(pub.year, 1, 1)
    if unit.group(1) == "month":
        return pub.replace(day=1)
    return pub - dt.timedelta(days=pub.weekday())


def _norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.lower().replace("’", "'")).strip(" ,.;:()'\"")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


def resolve_periods(claims: Sequence[Claim], published: str | None) -> tuple[Claim, ...]:
    """Cumulative claims with their period resolved against the publication date ("since
    2014" -> 2014-01-01 .. publication); a period the text does not state, or cannot place,
    keeps open ends (None), never a guess. A period already placed (a series total's, which
    is its claim's date: ``extract.series``) is kept."""
    out = []
    for claim in claims:
        period = claim.period
        placed = period is not None and (period.start is not None or period.end is not None)
        if claim.cumulative and period is not None and not placed:
            found = resolve_period(period.span, published) if period.span is not None else None
            period = found or DateInterval(None, published, None, period.span)
            claim = replace(claim, period=period)
        out.append(claim)
    return tuple(out)
