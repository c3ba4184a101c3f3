"""Counts carried by a definite plural: "the hostages", "the elders" refer back to a figure.

"Assailants abducted four civilians in Lashkar Gah. The hostages were killed on August 17."
The second sentence gives no number, but its "the hostages" are the four abducted: a careful
reader counts four dead, not "at least one". ``carry_counts`` gives such a claim the count of
the earlier claim it refers back to, with that claim's number span as its provenance.

The antecedent is the nearest earlier claim, in the same report, that states a count of
people and whose victim has the same head noun ("three tribal elders" ... "the elders"), or,
for "the hostages", "the captives", "the abductees", the nearest abduction with a count. A
plural with a number of its own ("all four hostages"), a singular ("the officer") or a noun
with no such antecedent keeps its own count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from harmledger.extract import rulebook as rb
from harmledger.extract.plain import victim_heads
from harmledger.models import Claim

#: Nouns that name the people of an abduction told of before.
_CAPTIVE_NOUNS = rb.words("captive_nouns")
_DEFINITE = re.compile(r"(?:\b(?:the|these|those|all\s+the|all\s+of\s+the)\s+)$", re.IGNORECASE)
_KINDS = frozenset({"killed", "injured"})
_GENERIC_SUBJECT = re.compile(r"\s*(?:the|these|those|all\s+the)\s+(victims)\b", re.IGNORECASE)


def _definite_plural(claim: Claim, text: str) -> str | None:
    """The head noun of the claim's one victim when it is a bare definite plural ("the
    hostages"), lower-cased; None otherwise."""
    if claim.kind not in _KINDS or claim.count.qualifier != "unknown" or len(claim.victims) > 1:
        return None
    if not claim.victims:  # "The victims were shot": a generic noun, kept as no victim
        opening = _GENERIC_SUBJECT.match(text, claim.span.start, claim.span.end)
        return opening.group(1).lower() if opening else None
    span = claim.victims[0].span
    words = span.text.lower().split()
    if not words or not words[-1].endswith("s") or len(words) > 3:
        return None
    before = text[max(0, span.start - 16) : span.start]
    return words[-1] if _DEFINITE.search(before) else None


def _antecedent(claims: Sequence[Claim], index: int, noun: str) -> Claim | None:
    """The nearest earlier claim with a stated count whose people ``noun`` refers back to."""
    start = claims[index].span.start
    for other in sorted(claims, key=lambda c: -c.span.start):
        if other.span.start >= start or other.cumulative or other.count.low is None:
            continue
        if other.count.qualifier in {"unknown", "plural", "vague"} or other.count.span is None:
            continue
        if noun in victim_heads(other) or (noun in _CAPTIVE_NOUNS and other.kind == "abducted"):
            return other
    return None


def carry_counts(claims: Sequence[Claim], text: str) -> tuple[Claim, ...]:
    """Claims of "the hostages were killed" with the count of the people referred back to."""
    out = list(claims)
    for i, claim in enumerate(claims):
        noun = _definite_plural(claim, text)
        found = _antecedent(claims, i, noun) if noun else None
        if found is not None:
            out[i] = replace(
                claim, count=found.count, excluding_attackers=found.excluding_attackers
            )
    return tuple(out)
