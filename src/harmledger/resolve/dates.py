"""Date phrases -> inclusive ISO intervals with UCDP ``date_prec``, relative to publication.

Precision: 1 exact day, 2 within 2-6 days, 3 a week or part of a month, 4 a month, 5 a year.
Project rules (regexes) handle the vague phrases news uses; explicit dates go to ``dateparser``
with ``RELATIVE_BASE`` = the publication date, ``PREFER_DATES_FROM="past"``, English only, on
the span text alone. Choices:

- "in recent days" / "over the past few days" -> [published - 7 days, published], precision 2;
  "this week" -> [Monday, published]; "last week" -> the previous Monday..Sunday (3);
- "on Tuesday" -> the latest Tuesday on or before publication (the same day counts: news uses
  the weekday for today too); "last Tuesday" -> the latest one strictly before publication;
- "March 6" (no year) -> the latest March 6 on or before publication;
- "since Thursday" -> [that day, published], precision from the length;
- no publication date: anything relative (including a month and day without a year) is
  unknown, ``DateInterval(None, None, None, span)``, never today's date; dates with a year
  still resolve;
- anything that is not a date ("67", "five minutes") is unknown, never an error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from dateparser.date import DateDataParser

from harmledger.extract import rulebook_words as rw
from harmledger.models import DateInterval, Span

Interval = tuple[str | None, str | None, int | None]
Rule = Callable[[dt.date], Interval]
UNKNOWN: Interval = (None, None, None)
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
#: Number words of a stretch of time ("a few days ago") -> their number.
NUMBERS: dict[str, int] = rw.table("date_count_words")
#: Words of a part of a month ("early", "end of") -> the first day of that part.
MONTH_PARTS: dict[str, int] = rw.table("month_parts")
#: A month's name or abbreviation, and a weekday (lower case; periods.py builds on them too).
MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


def month_parts_re(the: str, space: str = r"\s+") -> str:
    """An alternation of the ``MONTH_PARTS`` words, "the" written as ``the`` before those
    ending in "of" ("the end of March", not "the early March")."""
    ordered = sorted(MONTH_PARTS, key=lambda w: (-len(w), w))
    return "|".join(
        (the if w.endswith(" of") else "") + re.escape(w).replace(r"\ ", space) for w in ordered
    )


_MONTH, _WEEKDAY = MONTH_RE, WEEKDAY_RE
_NUM = rf"(?:\d{{1,3}}|{rw.alternation('date_count_words', ' ')})"
_UNIT = r"(?:days?|weeks?|months?|years?|hours?)"
_MONTH_PART = month_parts_re(the=r"the\s+")

VAGUE_DATE_RE = re.compile(
    rf"""\b(?:
      (?:in|over|during|within|for)\s+(?:the\s+)?(?:recent|past|last|previous|preceding)\s+
          (?:{_NUM}\s+)?(?:days|weeks?|months?|years?|hours|24\s+hours|48\s+hours)
    | in\s+recent\s+(?:days|weeks|months)
    | (?:earlier|later)\s+(?:this|last)\s+(?:week|month|year)
    | (?:this|last|past|previous)\s+(?:week(?:end)?|month|year)
    | (?:over|at|on|during)\s+the\s+weekend
    | (?:the\s+day\s+before\s+)?yesterday | today | tonight | overnight
    | (?:last|this)\s+(?:night|morning|afternoon|evening)
    | (?:since|on|last|this\s+past|early|late)\s+{_WEEKDAY}
        (?:\s+(?:night|morning|afternoon|evening))?
    | (?:{_MONTH_PART})[\s-]+{_MONTH}\b
    | {_NUM}\s+{_UNIT}\s+ago
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_LEAD = re.compile(
    r"^(?:on|in|at|during|over|within|for|throughout|by|around|about|circa|from"
    r"|the\s+(?:night|morning|evening|afternoon)"
    r"\s+of|(?:late|early)\s+(?=(?:on\s+)?" + _WEEKDAY + r"))\s+"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(\d{4}))?"
_MD = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?:{_DAY}\s+(?:of\s+)?({_MONTH})|({_MONTH})\s+{_DAY}){_YEAR}$"
)
_RANGE = re.compile(
    rf"^(?:between\s+)?(?:({_MONTH})\s+{_DAY}\s*(?:-|–|to|and|until)\s*(?:({_MONTH})\s+)?{_DAY}"
    rf"|{_DAY}\s*(?:-|–|to|and|until)\s*{_DAY}\s+({_MONTH})){_YEAR}$"
)
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_ONE_DATE = rf"(?:{_MONTH}\s+{_ORD}|{_ORD}\s+(?:of\s+)?{_MONTH})(?:,?\s*\d{{4}})?"
#: Two full dates as the ends of one stretch: "between March 3, 2024 and March 7, 2024",
#: "from 3 May to 9 May 2019" (found in text by ``DATE_RANGE_RE``, read by ``_two_dates``).
_TWO_DATES = re.compile(
    rf"^(?:between|from)?\s*({_ONE_DATE})\s*(?:-|–|and|to|until|through)\s*({_ONE_DATE})$"
)
DATE_RANGE_RE = re.compile(
    rf"\b(?:between\s+{_ONE_DATE}\s+and|from\s+{_ONE_DATE}\s+(?:to|until|through))"
    rf"\s+{_ONE_DATE}\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"^({_MONTH})(?:\s+(?:of\s+)?(\d{{4}}))?$")
_YEAR_ONLY = re.compile(r"^(1[89]\d\d|20\d\d)$")
_PART = re.compile(rf"^({month_parts_re(the='(?:the )?', space=' ')})[\s-]+({_MONTH}){_YEAR}$")
_WEEKDAY_RE = re.compile(
    rf"^(last|this past|this)?\s*({_WEEKDAY})(?:\s+(?:night|morning|afternoon|evening))?$"
)
_AGO = re.compile(rf"^({_NUM})\s+(minutes?|hours?|days?|weeks?|months?|years?)\s+ago$")
_PAST_N = re.compile(
    rf"^(?:the\s+)?(?:past|last|previous|preceding)\s+({_NUM})\s+(hours|days|weeks|months|years)$"
)
_DATEISH = re.compile(
    rf"\b(?:{_MONTH}|{_WEEKDAY}|\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|yesterday|today|ago)\b"
)


def resolve_date(span: Span, published: str | None) -> DateInterval:
    """The interval a date phrase names, given the publication date (ISO) or None."""
    start, end, precision = resolve_text(span.text, published)
    return DateInterval(start, end, precision, span)


@lru_cache(maxsize=8192)
def resolve_text(text: str, published: str | None) -> Interval:
    """(start, end, precision) for a date phrase; ``UNKNOWN`` when it cannot be placed."""
    pub = _published(published)
    phrase = _clean(text)
    if not phrase:
        return UNKNOWN
    if phrase.startswith("since "):
        return _since(phrase[6:], published, pub)
    rules = (_vague, _ago, _weekday, _part_of_month, _month_day, _range, _two_dates)
    for rule in (*rules, _month_year, _year):
        found = rule(phrase, pub)
        if found is not None:
            return found
    return _via_dateparser(phrase, pub)


def _published(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


def _clean(text: str) -> str:
    phrase = re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip(" ,.;:()'\"")
    for _ in range(2):
        phrase = _LEAD.sub("", phrase)
    return phrase


def _iso(start: dt.date, end: dt.date, precision: int) -> Interval:
    return start.isoformat(), end.isoformat(), precision


def precision_of(start: dt.date, end: dt.date) -> int:
    """UCDP date_prec for an interval of that length."""
    days = (end - start).days + 1
    return 1 if days <= 1 else 2 if days <= 6 else 3 if days <= 30 else 4 if days <= 62 else 5


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def latest_on_or_before(month: int, day: int, pub: dt.date, years: int = 5) -> dt.date | None:
    """The latest month/day on or before ``pub``, looking back at most ``years`` years (None
    for an impossible date)."""
    for year in range(pub.year, pub.year - years, -1):
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if found <= pub:
            return found
    return None


def _since(rest: str, published: str | None, pub: dt.date | None) -> Interval:
    """ "since X": from X's start to publication."""
    start, _end, _precision = resolve_text(rest, published)
    if pub is None or start is None:
        return UNKNOWN
    begin = dt.date.fromisoformat(start)
    return _iso(begin, pub, precision_of(begin, pub)) if begin <= pub else UNKNOWN


def _count(word: str) -> int:
    return NUMBERS[word] if word in NUMBERS else int(word)


def _vague(phrase: str, pub: dt.date | None) -> Interval | None:
    rule = _VAGUE.get(phrase)
    if rule is not None:
        return UNKNOWN if pub is None else rule(pub)
    past = _PAST_N.match(phrase)
    if past is None:
        return None
    if pub is None:
        return UNKNOWN
    count, unit = _count(past.group(1)), past.group(2)
    days = {"hours": max(count // 24, 1), "days": count, "weeks": 7 * count,
            "months": 30 * count, "years": 365 * count}[unit]  # fmt: skip
    start = pub - dt.timedelta(days=days)
    return _iso(
        start, pub, 2 if unit in ("hours", "days") and days <= 7 else precision_of(start, pub)
    )


def _ago(phrase: str, pub: dt.date | None) -> Interval | None:
    found = _AGO.match(phrase)
    if found is None:
        return None
    if pub is None:
        return UNKNOWN
    count, unit = _count(found.group(1)), found.group(2).rstrip("s")
    if unit in ("minute", "hour"):
        return _iso(pub, pub, 1)
    if unit == "day":
        day = pub - dt.timedelta(days=count)
        return _iso(day, day, 1)
    if unit == "week":
        mid = pub - dt.timedelta(days=7 * count)
        return _iso(mid - dt.timedelta(days=3), min(mid + dt.timedelta(days=3), pub), 3)
    if unit == "month":
        month = (pub.year * 12 + pub.month - 1) - count
        return _iso(*_month_span(month // 12, month % 12 + 1), 4)
    return _iso(dt.date(pub.year - count, 1, 1), dt.date(pub.year - count, 12, 31), 5)


def _weekday(phrase: str, pub: dt.date | None) -> Interval | None:
    found = _WEEKDAY_RE.match(phrase)
    if found is None:
        return None
    if pub is None:
        return UNKNOWN
    back = (pub.weekday() - WEEKDAYS[found.group(2)]) % 7
    if found.group(1) in ("last", "this past") and back == 0:
        back = 7
    day = pub - dt.timedelta(days=back)
    return _iso(day, day, 1)


def _year_for(month: int, year: str | None, pub: dt.date | None, day: int = 1) -> int | None:
    """The explicit year, or the latest year placing month/day on or before publication."""
    if year or pub is None:
        return int(year) if year else None
    found = latest_on_or_before(month, min(day, 28), pub)
    return found.year if found else None


def _part_of_month(phrase: str, pub: dt.date | None) -> Interval | None:
    found = _PART.match(phrase)
    if found is None:
        return None
    month, first_day = MONTHS[found.group(2)], MONTH_PARTS[found.group(1).removeprefix("the ")]
    year = _year_for(month, found.group(3), pub, first_day)
    if year is None:
        return UNKNOWN
    first, last = _month_span(year, month)
    end = last if first_day == 21 else first.replace(day=first_day + 9)
    return _iso(first.replace(day=first_day), end, 3)


def _month_day(phrase: str, pub: dt.date | None) -> Interval | None:
    found = _MD.match(phrase)
    if found is None:
        return None
    day = int(found.group(1) or found.group(4))
    month = MONTHS[found.group(2) or found.group(3)]
    date: dt.date | None
    try:
        if found.group(5):
            date = dt.date(int(found.group(5)), month, day)
        else:
            date = latest_on_or_before(month, day, pub) if pub else None
    except ValueError:
        return UNKNOWN
    return _iso(date, date, 1) if date else UNKNOWN


def _range(phrase: str, pub: dt.date | None) -> Interval | None:
    found = _RANGE.match(phrase)
    if found is None:
        return None
    g = found.groups()
    if g[0]:
        first_month, d1, second_month, d2 = MONTHS[g[0]], int(g[1]), g[2], int(g[3])
        last_month = MONTHS[second_month] if second_month else first_month
    else:
        d1, d2, first_month = int(g[4]), int(g[5]), MONTHS[g[6]]
        last_month = first_month
    year = _year_for(last_month, g[7], pub, d2)
    try:
        start = dt.date(year - (last_month < first_month), first_month, d1) if year else None
        end = dt.date(year, last_month, d2) if year else None
    except ValueError:
        return UNKNOWN
    if start is None or end is None or end < start:
        return UNKNOWN
    return _iso(start, end, precision_of(start, end))


def _two_dates(phrase: str, pub: dt.date | None) -> Interval | None:
    """ "between March 3, 2024 and March 7, 2024": from the first day to the second; a
    first date without its year takes the second's ("between May 30 and June 2, 2019")."""
    found = _TWO_DATES.match(phrase)
    if found is None:
        return None
    first, last = found.group(1), found.group(2)
    year = re.search(r"\d{4}$", last)
    if year and not re.search(r"\d{4}$", first):
        first = f"{first} {year.group(0)}"
    start, end = _month_day(first, pub), _month_day(last, pub)
    if not start or not end or start[0] is None or end[1] is None:
        return UNKNOWN
    a, b = dt.date.fromisoformat(start[0]), dt.date.fromisoformat(end[1])
    if b < a:
        a = a.replace(year=a.year - 1) if not (a.month == 2 and a.day == 29) else a
    if b < a:
        return UNKNOWN
    return _iso(a, b, precision_of(a, b))


def _month_year(phrase: str, pub: dt.date | None) -> Interval | None:
    found = _MONTH_YEAR.match(phrase)
    if found is None:
        return None
    month = MONTHS[found.group(1)]
    year = _year_for(month, found.group(2), pub)
    if year is None:
        return UNKNOWN
    first, last = _month_span(year, month)
    if pub is not None and first <= pub < last and not found.group(2):
        return _iso(first, pub, 4)
    return _iso(first, last, 4)


def _year(phrase: str, pub: dt.date | None) -> Interval | None:
    found = _YEAR_ONLY.match(phrase)
    if found is None:
        return None
    year = int(found.group(1))
    return _iso(dt.date(year, 1, 1), dt.date(year, 12, 31), 5)


def _via_dateparser(phrase: str, pub: dt.date | None) -> Interval:
    """Explicit dates the rules above do not cover ("03/06/2025", "2025-03-06")."""
    if not _DATEISH.search(phrase):
        return UNKNOWN
    if pub is None and not re.search(r"\b\d{4}\b", phrase):
        return UNKNOWN  # relative to an unknown day: never guess "today"
    data = _parser(pub).get_date_data(phrase)
    if data is None or data.date_obj is None:
        return UNKNOWN
    day = data.date_obj.date()
    if data.period == "year":
        return _iso(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), 5)
    if data.period == "month":
        return _iso(*_month_span(day.year, day.month), 4)
    if data.period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return _iso(monday, monday + dt.timedelta(days=6), 3)
    return _iso(day, day, 1)


@lru_cache(maxsize=64)
def _parser(pub: dt.date | None) -> DateDataParser:
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(pub, dt.time(12))
    return DateDataParser(languages=["en"], settings=settings)


def _week(pub: dt.date, weeks_back: int) -> Interval:
    monday = pub - dt.timedelta(days=pub.weekday() + 7 * weeks_back)
    return _iso(monday, min(monday + dt.timedelta(days=6), pub), 3)


def _weekend(pub: dt.date) -> Interval:
    saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
    return _iso(saturday, min(saturday + dt.timedelta(days=1), pub), 2)


def _days(back: int, precision: int, until: int = 0) -> Rule:
    def rule(pub: dt.date) -> Interval:
        return _iso(pub - dt.timedelta(days=back), pub - dt.timedelta(days=until), precision)

    return rule


def _this_month(pub: dt.date) -> Interval:
    return _iso(pub.replace(day=1), pub, 3)


def _last_month(pub: dt.date) -> Interval:
    end = pub.replace(day=1) - dt.timedelta(days=1)
    return _iso(*_month_span(end.year, end.month), 4)


def _this_year(pub: dt.date) -> Interval:
    return _iso(dt.date(pub.year, 1, 1), pub, 5)


def _last_year(pub: dt.date) -> Interval:
    return _iso(dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31), 5)


def _vague_table() -> dict[str, Rule]:
    """Fixed vague phrases (after ``_clean`` dropped a leading "in"/"over"/...)."""
    groups = {
        (7, 2): "recent days|the past few days|the past days|the last few days|the last days"
        "|the previous few days|the past several days",
        (7, 3): "the past week|the last week|the previous week",
        (30, 4): "recent weeks|the past few weeks|the past weeks|the last few weeks"
        "|the past month|the last month",
        (180, 5): "recent months|the past few months|the past months|the last few months",
        (365, 5): "the past year|the last year|the past 12 months",
    }
    table: dict[str, Rule] = {}
    for (back, precision), phrases in groups.items():
        for phrase in phrases.split("|"):
            table[phrase] = table[phrase.removeprefix("the ")] = _days(back, precision)
    table.update({
        "this week": lambda p: _week(p, 0), "earlier this week": lambda p: _week(p, 0),
        "last week": lambda p: _week(p, 1), "yesterday": _days(1, 1, 1),
        "the day before yesterday": _days(2, 1, 2), "today": _days(0, 1),
        "tonight": _days(0, 1), "this morning": _days(0, 1), "this afternoon": _days(0, 1),
        "this evening": _days(0, 1), "last night": _days(1, 2), "overnight": _days(1, 2),
        "the weekend": _weekend, "this weekend": _weekend, "last weekend": _weekend,
        "this month": _this_month, "earlier this month": _this_month,
        "last month": _last_month, "this year": _this_year, "earlier this year": _this_year,
        "last year": _last_year,
    })  # fmt: skip
    return table


_VAGUE = _vague_table()
