"""Tolls over a series of attacks: a total across several events, not one event's toll.

A report of one attack often gives the toll of the series it belongs to: "This was one of
three related attacks in the district on this day. Seven police officers were killed across
the attacks." The seven are not this attack's toll, and no figure in the text says how many
of them died here. Such a claim is a background total (``Claim.cumulative``), like "150,000
since 2014": context beside the incident, never its toll, date or place. It keeps how many
events the total spans (``Claim.series_events``: 3 here; 0 when the text does not say), from
which linking gives the incident the interval its share can take, 0 to 7, and the even share
that ACLED, UCDP and GTD code as its best figure (``link/series_share.py``).

A claim is a series total when its sentence

- counts "across" several events: "across the three attacks", "across both blasts", "across
  all of the ensuing clashes";
- sums events: "in the attacks combined", "the combined toll of the two bombings";
- or, in a report that says the attack was "one of N related attacks", counts "in the
  (ensuing) clashes", "in total", "in all": plural events, the series' toll.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from harmledger.extract.counts import number_value
from harmledger.extract.plain import ONE_OF_SEVERAL
from harmledger.models import Claim, DateInterval

_EVENTS = (
    r"(?:attacks|assaults|blasts|bombings|explosions|incidents|events|clashes|raids|"
    r"strikes|airstrikes|ambushes|shootings|operations|engagements|battles|incursions)"
)
_ACROSS = re.compile(
    r"\bacross\s+(?:the\s+)?(?:all\s+(?:of\s+)?|each\s+of\s+)?(?:the\s+|both\s+|these\s+"
    rf"|those\s+)?(?:[\w-]+\s+){{0,3}}?{_EVENTS}\b"
    # "across this raid and a second attack", "between this and another attack near Tarvo"
    r"|\b(?:across|between)\s+this(?:\s+[\w-]+)?\s+and\s+(?:an?|another|the)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attack|assault|blast|bombing|explosion|incident|event|clash|raid"
    r"|strike|airstrike|ambush|shooting|operation)\b",
    re.IGNORECASE,
)
_COMBINED = re.compile(
    rf"\b{_EVENTS}\s+combined\b|\bcombined\s+(?:death\s+)?(?:toll|casualties)\b|"
    rf"\b(?:in|during)\s+(?:the\s+|both\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|"
    rf"\d+|several|multiple)\s+(?:[\w-]+\s+){{0,2}}?{_EVENTS}\b|"
    rf"\b(?:in|during)\s+(?:both|all\s+(?:of\s+)?the)\s+(?:[\w-]+\s+){{0,2}}?{_EVENTS}\b",
    re.IGNORECASE,
)
_SERIES = re.compile(ONE_OF_SEVERAL + r"\b", re.IGNORECASE)
_PLURAL_TOLL = re.compile(
    rf"\b(?:in|during)\s+(?:the\s+)?(?:ensuing\s+|subsequent\s+|resulting\s+)?{_EVENTS}\b|"
    r"\bin\s+total\b|\bin\s+all\b|\baltogether\b|\bcombined\b",
    re.IGNORECASE,
)


#: "Two explosive devices detonated ...": an attack of several blasts of its own.
_OWN_BLASTS = re.compile(
    r"\b(?:two|three|four|five|twin|several|multiple)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:devices|bombs|explosives|bombers|blasts|explosions)\b",
    re.IGNORECASE,
)
_IN_BLASTS = re.compile(r"\b(?:in|during)\s+the\s+(?:blasts|explosions)\b", re.IGNORECASE)


def series_total(sentence: str, in_series: bool, told_before: str = "") -> bool:
    """Does the sentence give the toll of several events ("across the three attacks")?
    ``in_series``: the report says its attack is one of several related ones.
    ``told_before``: the report's text before the sentence; where it tells of several
    charges of this attack ("Two explosive devices detonated ..."), "in the blasts" are
    this attack's own."""
    if _ACROSS.search(sentence) or _COMBINED.search(sentence):
        return True
    plural = _PLURAL_TOLL.search(sentence)
    if plural and _IN_BLASTS.fullmatch(plural.group(0)) and _OWN_BLASTS.search(told_before):
        return False
    return in_series and plural is not None


def in_series(text: str) -> bool:
    """Does the report say its attack is one of several ("one of three related attacks")?"""
    return bool(_SERIES.search(text))


_HOW_MANY = r"(two|both|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)"
#: "across the three attacks", "across both blasts", "across two of the events", "in the two
#: bombings".
_EVENTS_COUNTED = re.compile(
    rf"\b(?:across|in|during)\s+(?:all\s+(?:of\s+)?|each\s+of\s+)?(?:the\s+)?{_HOW_MANY}\s+"
    rf"(?:of\s+the\s+)?(?:[\w-]+\s+){{0,2}}?{_EVENTS}\b",
    re.IGNORECASE,
)
_ONE_OF = re.compile(rf"\bone\s+of\s+(?:at\s+least\s+)?{_HOW_MANY}\b", re.IGNORECASE)


def series_events(sentence: str, text: str) -> int:
    """How many events a series total spans: the number its own sentence gives ("across the
    three attacks"), else the report's "one of N related attacks"; 0 when neither says."""
    found = _EVENTS_COUNTED.search(sentence) or _ONE_OF.search(text)
    if found is None:
        return 0
    size = number_value(found.group(1)) or 0
    return size if 2 <= size <= 100 else 0


def mark_series_totals(
    claims: Sequence[Claim], text: str, published: str | None
) -> tuple[Claim, ...]:
    """Killed and injured tolls of a series of events become background totals: their period
    is the claim's date (or open, up to publication), and they date and place no incident. A lead
    that ``breakdown`` split into the incidents it names stays their aggregate."""
    series = in_series(text)
    shared = Counter((c.span, c.kind) for c in claims)
    out = []
    for claim in claims:
        sentence = text[claim.span.start : claim.span.end]
        if (
            claim.kind in {"killed", "injured"}
            and not claim.cumulative
            and shared[(claim.span, claim.kind)] == 1  # a lead split into its named parts
            and series_total(sentence, series, text[: claim.span.start])
        ):
            period = claim.date or DateInterval(None, published, None, None)
            events = series_events(sentence, text)
            claim = replace(
                claim,
                cumulative=True,
                period=period,
                date=None,
                is_aggregate=True,
                series_events=events,
                excluding_attackers=None,
            )
        out.append(claim)
    return tuple(out)
