"""Casualty counts: number words, qualifiers, ranges, vague words and enumerations.

The convention is the table in ``eval/README.md``::

    "12 killed"            12 / 12 / 12    exact
    "over 532"             532 / 532 / -   more_than      ("at least" -> at_least)
    "up to 80"             - / - / 80      up_to          ("fewer than 80" too)
    "about 100"            100 / 100 / 100 about
    "6 to 8"               6 / 7 / 8       range
    "dozens"               24 / - / -      vague
    "two of his brothers and his niece"    3 / 3 / 3  exact (enumeration)
    "several people"       2 / - / -       plural
    "civilians"            1 / - / -       unknown
    "3000000000 people"    - / - / -       unknown        (implausible: kept as text, for review)

A figure over ``MAX_PLAUSIBLE`` (10 million) is no toll a report can mean; the claim keeps the
figure's text as its count span, its count is unknown and :func:`implausible` flags it for
review. Numerals are read with integer arithmetic and a bounded number of digits, so a
5,000-digit figure costs nothing and never overflows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token
from word2number import w2n

from harmledger.extract import rulebook as rb
from harmledger.extract.plain import MAX_PLAUSIBLE
from harmledger.models import Count, Qualifier, Span

_UNITS: dict[str, int] = rb.table("number_units")
_SMALL: dict[str, int] = rb.table("small_numbers")
_MULTIPLIERS = rb.words("multiplier_words")
_SINGLE = rb.words("single_determiners")
# Vague plural quantity words and the lower bound they imply.
VAGUE_LOW: dict[str, tuple[int, Qualifier]] = {
    word: (low, qualifier) for word, (low, qualifier) in rb.table("vague_counts").items()
}

_QUALIFIERS: tuple[tuple[re.Pattern[str], Qualifier], ...] = tuple(
    (re.compile(rf"^(?:{pattern})\b\s*", re.IGNORECASE), qualifier)  # type: ignore[misc]
    for pattern, qualifier in (
        (r"more than|over|upwards of|in excess of|above|exceeding", "more_than"),
        (r"at least|no fewer than|no less than|a minimum of|not less than", "at_least"),
        (r"up to|fewer than|less than|as many as|at most|no more than|under|below|"
         r"a maximum of|not more than", "up_to"),
        (r"about|around|approximately|nearly|almost|some|roughly|an estimated|estimated|"
         r"close to|about|circa|some|approx\.?|just over|just under|more or less", "about"),
    )
)  # fmt: skip
#: The largest count believed as a toll; a larger figure makes the count unknown, for review.
#: The confidence of a claim whose figure is over ``MAX_PLAUSIBLE``: 0 flags it for review.
REVIEW_CONFIDENCE = 0.0
#: Stands for any figure of more than ``_MAX_DIGITS`` digits (never parsed, never stored).
HUGE = 10**15
_MAX_DIGITS = 15
_NUMERAL = re.compile(r"(\d+)(?:\.(\d+))?\s*(thousand|million|billion|k|m)?")
_RANGE = re.compile(
    r"^(?:between\s+)?(?P<a>[\w,.-]+?)\s*(?:to|and|-|–|or)\s*(?P<b>[\w,.-]+)$", re.IGNORECASE
)


def number_value(word: str) -> int | None:
    """The integer a number word or numeral stands for, or None ("1,200" -> 1200)."""
    w = word.strip().lower().replace(",", "")
    if not w:
        return None
    if w in _SMALL:
        return _SMALL[w]
    m = _NUMERAL.fullmatch(w)
    if m:
        return _numeral(m.group(1), m.group(2) or "", m.group(3) or "")
    if not re.fullmatch(r"[a-z\- ]+", w):
        return None
    parts = w.split()
    if len(parts) == 2 and parts[1] in _MULTIPLIERS:
        first = number_value(parts[0])
        return first * _SMALL[parts[1]] if first is not None else None
    try:
        value = w2n.word_to_num(w.replace("-", " "))
    except (ValueError, IndexError, TypeError):
        return None
    return round(value) if isinstance(value, int | float) else None


def _numeral(whole: str, fraction: str, unit: str) -> int:
    """The value of digits, decimals and a unit ("1.5", "million"), rounded half to even like
    ``round``; any figure of more than ``_MAX_DIGITS`` digits is ``HUGE``."""
    whole = whole.lstrip("0") or "0"
    if len(whole) > _MAX_DIGITS:
        return HUGE
    scale = {"k": 1_000, "m": 1_000_000}.get(unit, _UNITS.get(unit, 1))
    fraction = fraction[:_MAX_DIGITS].rstrip("0")
    numerator = (int(whole) * 10 ** len(fraction) + int(fraction or "0")) * scale
    value: int  # (``int ** int`` is typed Any: a negative power is a float)
    value, rest = divmod(numerator, 10 ** len(fraction))
    twice = 2 * rest
    if twice > 10 ** len(fraction) or (twice == 10 ** len(fraction) and value % 2):
        value += 1
    return min(value, HUGE)


def parse_count_text(text: str) -> tuple[int | None, int | None, int | None, Qualifier] | None:
    """(low, best, high, qualifier) for a count phrase such as "over 532" or "6 to 8".

    A figure over ``MAX_PLAUSIBLE`` gives ``(None, None, None, "unknown")``."""
    parsed = _parse_count(text)
    if parsed is not None and any(v is not None and v > MAX_PLAUSIBLE for v in parsed[:3]):
        return None, None, None, "unknown"
    return parsed


def _parse_count(text: str) -> tuple[int | None, int | None, int | None, Qualifier] | None:
    phrase = re.sub(r"\s+", " ", text.strip().lower())
    phrase = re.sub(r"\b(?:of|people|persons)$", "", phrase).strip()
    if not phrase:
        return None
    for pattern, qualifier in _QUALIFIERS:
        m = pattern.match(phrase)
        if m and m.end() < len(phrase):
            value = number_value(phrase[m.end() :])
            if value is None:
                vague = VAGUE_LOW.get(phrase[m.end() :].split()[0])
                return (vague[0], None, None, vague[1]) if vague else None
            if qualifier == "up_to":
                return None, None, value, qualifier
            if qualifier == "about":
                return value, value, value, qualifier
            return value, value, None, qualifier
    return _plain_or_range(phrase)


def _plain_or_range(phrase: str) -> tuple[int | None, int | None, int | None, Qualifier] | None:
    m = _RANGE.match(phrase)
    if m:
        a, b = number_value(m.group("a")), number_value(m.group("b"))
        if a is not None and b is not None and a < b:
            return a, (a + b) // 2, b, "range"
    value = number_value(phrase)
    if value is not None:
        return value, value, value, "exact"
    words = phrase.split()
    if words and words[-1] in VAGUE_LOW:
        if words[0] == "tens" and "thousands" in words:
            return 20_000, None, None, "vague"
        low, qualifier = VAGUE_LOW[words[-1]]
        return low, None, None, qualifier
    return None


def implausible(count: Count) -> bool:
    """True for a count left unknown because the figure its text states is over
    ``MAX_PLAUSIBLE``: the claim is kept, its figure flagged for an analyst to review."""
    if count.qualifier != "unknown" or count.low is not None or count.span is None:
        return False
    parsed = _parse_count(count.span.text)
    return parsed is not None and any(v is not None and v > MAX_PLAUSIBLE for v in parsed[:3])


def count_from_span(span: Span) -> Count | None:
    """A Count for a stretch of text holding the number words, or None."""
    parsed = parse_count_text(span.text)
    if parsed is None:
        return None
    low, best, high, qualifier = parsed
    return Count(low, best, high, qualifier, span)


def unknown_count(head: Token | None) -> Count:
    """No number stated: a plural noun gives at least 1 and a singular "a man" exactly 1."""
    if head is None:
        return Count(None, None, None, "unknown")
    if head.tag_ in {"NN", "NNP"} and any(c.lower_ in _SINGLE for c in head.children):
        return Count(1, 1, 1, "exact")
    return Count(1, None, None, "unknown")


def sum_counts(parts: Sequence[Count], span: Span) -> Count:
    """The count of an enumeration ("two of his brothers and his niece" -> exactly 3)."""
    lows = [c.low if c.low is not None else 1 for c in parts]
    exact = all(c.qualifier == "exact" for c in parts)
    total = sum(lows)
    if total > MAX_PLAUSIBLE:
        return Count(None, None, None, "unknown", span)
    if exact:
        return Count(total, total, total, "exact", span)
    if all(c.qualifier in _LOWER_BOUNDED and c.best is not None for c in parts):
        return Count(total, total, None, "at_least", span)  # "at least 5 X and 8 Y": 13+
    return Count(total, None, None, "plural", span)


#: Qualifiers of a figure that is itself a lower bound or exact: their sum is a lower bound.
_LOWER_BOUNDED = frozenset({"exact", "at_least", "more_than"})
