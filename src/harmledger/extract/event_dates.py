"""The event's date, not the reporting date: which date phrase dates a claim, and inheritance.

A claim is dated by the day the harm happened, never by the day it was reported:

1. ``choose_date_phrase``: of the date phrases in the trigger's sentence, a phrase in the
   trigger's clause (the dependency subtree of the harm verb, less any speech verb's subtree
   inside it) wins; else a phrase of the sentence not attached to a speech verb ("officials
   said on Monday" dates the statement). The nearest to the trigger wins within a tier.
   "since ..." and "so far this year" phrases start a period (``resolve.periods``) and never
   date an event; phrases that are no date at all ("a 14-year-old") or name a day after
   publication are skipped.
2. ``inherit_event_date``: the report's main event date is the date of the first claim, in
   text order, dated by its own phrase. A later claim with no date phrase of its own takes it
   when it is about that event: it is in the same paragraph, it refers back to the event with
   a definite noun ("the attack", "the blast"), or its sentence has no date phrase at all.
   Headline claims come first and do not inherit (measured: the link evaluation lost). A
   claim counted from a period start ("since 2014") is cumulative and never inherits.
   Otherwise it stays undated. An inherited ``DateInterval`` keeps the span of the phrase it
   came from (in the same document, so exact provenance): a date whose span lies outside the
   claim's sentence was inherited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.tokens import Token

from harmledger.extract import lexicon as lx
from harmledger.extract import rulebook as rb
from harmledger.models import Claim, DateInterval, Span
from harmledger.resolve.dates import resolve_text
from harmledger.resolve.periods import find_periods

#: Speech verbs that do not date a statement (they report a count or a view, not an utterance).
_NOT_STATEMENTS = rb.words("speech_verbs_not_statements")
STATEMENT_VERBS = lx.SPEECH_VERBS - _NOT_STATEMENTS
#: Any date: only to tell a date phrase from a non-date ("14-year-old") when the day is unknown.
_ANY_DAY = "2000-06-15"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
_EVENT_NOUNS = (
    "attack|attacks|strike|strikes|airstrike|air strike|drone strike|missile strike|blast"
    "|explosion|bombing|bombardment|shelling|shooting|massacre|raid|assault|ambush|incident"
    "|shootout|stabbing|barrage"
)
_REFERS_BACK = re.compile(
    rf"\b(?:the|this|that|these|those|its|their|friday's|saturday's|sunday's|monday's"
    rf"|tuesday's|wednesday's|thursday's|yesterday's|today's)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{_EVENT_NOUNS})\b",
    re.IGNORECASE,
)


def is_statement_verb(token: Token) -> bool:
    """A verb of saying that dates its statement ("said", "told", "announced")."""
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in STATEMENT_VERBS


def event_phrases(
    token: Token, phrases: Sequence[Span], text: str, published: str | None = None
) -> list[Span]:
    """``phrases`` less period starts ("since 2014", "so far this year"), non-dates and dates
    after publication (a harm reported has happened)."""
    sent = token.sent
    periods = [
        p for p, kind in find_periods(text, sent.start_char, sent.end_char) if kind != "window"
    ]
    return [
        s
        for s in phrases
        if not any(p.start < s.end and s.start < p.end for p in periods)
        and resolve_text(s.text, _ANY_DAY)[0] is not None
        and not _after(s, published)
    ]


def _after(span: Span, published: str | None) -> bool:
    start = resolve_text(span.text, published)[0]
    return published is not None and start is not None and start > published[:10]


def sentence_has_date(token: Token, phrases: Sequence[Span], text: str) -> bool:
    """Does the sentence of ``token`` have any date or period phrase (a statement's date too)?"""
    sent = token.sent
    return bool(find_periods(text, sent.start_char, sent.end_char)) or any(
        resolve_text(s.text, _ANY_DAY)[0] is not None for s in phrases
    )


def choose_date_phrase(
    token: Token, phrases: Sequence[Span], text: str, published: str | None = None
) -> Span | None:
    """The phrase dating the harm of trigger ``token``; None when no phrase does."""
    candidates = event_phrases(token, phrases, text, published)
    root = clause_root(token)
    own: list[Span] = []
    other: list[Span] = []
    for span in candidates:
        head = _phrase_root(token, span)
        if head is None:
            continue
        if _in_clause(head, root):
            own.append(span)
        elif not _said_on(head, root):
            other.append(span)
    tier = own or other
    return min(tier, key=lambda s: abs(s.start - token.idx)) if tier else None


def clause_root(trigger: Token) -> Token:
    """The harm verb heading the trigger's clause: the trigger, or the first verb above it
    below any governing speech verb ("12 were dead" -> "were")."""
    node = trigger
    while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i:
        if is_statement_verb(node.head):
            break
        node = node.head
    return node


def _phrase_root(token: Token, span: Span) -> Token | None:
    found = token.doc.char_span(span.start, span.end, alignment_mode="expand")
    return found.root if found is not None and len(found) else None


def _in_clause(head: Token, root: Token) -> bool:
    """Is ``head`` in ``root``'s subtree with no speech verb between them?"""
    node = head
    while node.i != root.i:
        if is_statement_verb(node) or node.head.i == node.i:
            return False
        node = node.head
    return True


def _said_on(head: Token, root: Token) -> bool:
    """Is the phrase attached to a speech verb (the first verb above it says something)?"""
    node = head
    while node.head.i != node.i and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
    return is_statement_verb(node) and node.i != root.i


def inherit_event_date(
    claims: Sequence[Claim], text: str, has_date_phrase: Callable[[Claim], bool]
) -> tuple[Claim, ...]:
    """``claims`` with the main event's date given to the undated claims about that event.

    ``has_date_phrase(claim)`` says whether the claim's sentence has any date phrase (a
    statement's date, a period), which keeps an unrelated background claim undated.
    """
    order = sorted(range(len(claims)), key=lambda i: claims[i].trigger.start)
    main = next((claims[i] for i in order if _own_date(claims[i])), None)
    if main is None or main.date is None or main.date.start is None:
        return tuple(claims)
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    out = list(claims)
    for i, claim in enumerate(claims):
        if claim.date is not None or claim.cumulative or _counts_since(claim, text):
            continue  # a background total has a period, never an event's date
        if claim.trigger.start <= main.trigger.start:
            continue
        if (
            _paragraph(breaks, claim.span.start) == _paragraph(breaks, main.span.start)
            or _REFERS_BACK.search(claim.span.text)
            or not has_date_phrase(claim)
        ):
            out[i] = replace(claim, date=main.date)
    return tuple(out)


def mark_cumulative(claims: Sequence[Claim], text: str) -> tuple[Claim, ...]:
    """Undated claims counted from a period start ("150,000 since 2014") are aggregates, as
    they were when the "since" phrase still dated them."""
    return tuple(
        replace(c, is_aggregate=True)
        if c.date is None and not c.is_aggregate and _counts_since(c, text)
        else c
        for c in claims
    )


def _counts_since(claim: Claim, text: str) -> bool:
    """Does the claim's sentence count from a period start ("since 2014", "so far")?"""
    periods = find_periods(text, claim.span.start, claim.span.end)
    return any(kind != "window" for _span, kind in periods)


def _own_date(claim: Claim) -> bool:
    """Is the claim dated by a phrase of its own sentence?"""
    date: DateInterval | None = claim.date
    return (
        date is not None
        and date.span is not None
        and claim.span.start <= date.span.start < claim.span.end
    )


def _paragraph(breaks: Sequence[int], position: int) -> int:
    return sum(1 for b in breaks if b < position)
