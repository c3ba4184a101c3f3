"""Background totals: tolls over a period and an area, not one event's toll.

"The war has killed more than 150,000 people since 2014", "the insurgency has left around
35,000 dead", "at least 41 people were killed across the territory in the past 24 hours",
"the 90th aid worker killed since the war began", "... so far this year". Such a claim is
cumulative: context for the incidents in its period and area, never an incident's toll, date
or place. ``cumulative_period`` tells whether a harm trigger states one and which phrase gives
its period (resolved later against the publication date by ``resolve.periods``).

A claim is cumulative when, in the trigger's own clause,

- a period runs up to now: "since ...", "so far (this year)", "to date";
- a window of time is spread over an area: "in the past 24 hours" with "across", "throughout",
  "nationwide";
- the doer is the war itself: "the war has killed", "the insurgency has left ... dead";
- the victim is counted by an ordinal: "the 90th aid worker killed";
- statistics tell it: "police stats for 2023 show 98 people were murdered";
- it is the motive of a deed, an earlier event: "revenge for the killing of their
  commander", "to avenge the deaths of two brothers" (``motive``; no period).
"""

from __future__ import annotations

from spacy.tokens import Token

from harmledger.extract import actors
from harmledger.extract import rulebook as rb
from harmledger.extract.clauses import event_clause, is_temporal_clause
from harmledger.extract.plain import MAX_PLAUSIBLE
from harmledger.extract.triggers import Trigger
from harmledger.models import Count, Span
from harmledger.resolve.periods import find_periods

#: Nouns of a whole conflict: as the doer of a harm they make its toll a running total.
WAR_NOUNS = rb.words("war_nouns")
#: Words that spread a window of time over an area: "across the territory", "nationwide".
SPREAD_WORDS = rb.words("spread_words")
#: Nouns of statistics: a toll they show is a total over their period ("stats show").
STATISTIC_NOUNS = rb.words("statistic_nouns")
#: "in retaliation for", "in revenge for", "in response to", "to avenge": a motive.
MOTIVE_NOUNS = rb.words("motive_nouns")
MOTIVE_VERBS = rb.words("motive_verbs")
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")


def _in_clause(trigger: Token, span: Span) -> bool:
    """Is the period phrase part of the trigger's clause? A "since the war began" clause is
    a temporal clause of its own: it belongs to the clause it hangs from."""
    token = next((t for t in trigger.sent if t.idx <= span.start < t.idx + len(t) + 1), None)
    if token is None:
        return True
    node = token
    while node.i != trigger.i and node.head.i != node.i:
        if _own_clause(node) and not node.is_ancestor(trigger):
            return False  # "... left 35,000 dead, and 600 have been killed since 2014"
        node = node.head
        inside = span.start <= node.idx < span.end
        if node.i != trigger.i and node.pos_ in {"NOUN", "PROPN"} and not inside:
            return False  # "the first deaths in the town since the ceasefire"
        if node.i != trigger.i and not inside and is_temporal_clause(node):
            return False  # "a week after the army said 500 had died since May"
    if node.i == trigger.i:
        return True
    clause = event_clause(token)
    if clause.head.i != clause.i:
        clause = event_clause(clause.head)
    return clause.i == event_clause(trigger).i


def _own_clause(verb: Token) -> bool:
    """A coordinated verb with a subject of its own: a clause apart from the one before."""
    return verb.dep_ == "conj" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _war_doer(trigger: Token) -> bool:
    """ "The war has killed", "the insurgency has left 35,000 dead", "30,000 people have been
    killed by the conflict"."""
    verbs = [trigger]
    if trigger.head.i != trigger.i and trigger.dep_ != "conj":
        verbs.append(trigger.head)  # "left ... dead", "caused ... deaths"
    subjects = [c for v in verbs for c in v.children if c.dep_ in {"nsubj", "agent"}]
    subjects += [g for v in verbs for c in v.children if c.dep_ == "agent" for g in c.children]
    return any(s.lemma_.lower() in WAR_NOUNS for s in subjects)


def ordinal_value(word: Token) -> int | None:
    """ "90th" -> 90 (an ordinal in figures above "1st"), else None."""
    lower = word.lower_
    if word.dep_ not in {"amod", "nummod"} or not lower.endswith(_ORDINAL_SUFFIXES):
        return None
    digits = lower[:-2].replace(",", "")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 8:  # "10⁹th", 5,000 digits
        return None
    return int(digits) if 1 < int(digits) <= MAX_PLAUSIBLE else None


def ordinal_of(token: Token) -> Token | None:
    """The ordinal modifier of a victim noun ("the 90th aid worker" -> 90th), if any."""
    return next((c for c in token.children if ordinal_value(c) is not None), None)


def ordinal_count(text: str, trig: Trigger, count: Count) -> Count:
    """ "the 90th aid worker killed since the war began": 90 so far, not one."""
    for patient in trig.patients:
        word = ordinal_of(patient)
        nth = ordinal_value(word) if word is not None else None
        if word is not None and nth is not None:
            return Count(nth, nth, nth, "exact", actors.token_span(text, word, word))
    return count


def cumulative_period(trigger: Token, text: str, patients: list[Token]) -> tuple[bool, Span | None]:
    """Is the harm a background total, and the span of its period phrase (None if unstated)."""
    sent = trigger.sent
    periods = [
        (span, kind)
        for span, kind in find_periods(text, sent.start_char, sent.end_char)
        if _in_clause(trigger, span)
    ]
    running = next((s for s, k in periods if k in {"since", "to_date"}), None)
    if running is not None:
        return True, running
    window = next((s for s, k in periods if k == "window"), None)
    if window is not None and any(t.lower_ in SPREAD_WORDS for t in sent):
        return True, window
    if _war_doer(trigger) or any(ordinal_of(p) for p in patients) or _statistic(trigger):
        return True, window
    return motive(trigger), None


def motive(trigger: Token) -> bool:
    """Is the harm noun the motive of a deed ("revenge for the killing of X", "to
    avenge the deaths of two brothers")? That harm came before the report's event."""
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    if trigger.dep_ == "dobj":
        return trigger.head.lemma_.lower() in MOTIVE_VERBS
    if trigger.dep_ != "pobj" or trigger.head.i == 0:
        return False
    prep = trigger.head  # "revenge for the killing", or "for" hung on the verb beside it
    before = trigger.doc[prep.i - 1]
    return any(t.lemma_.lower() in MOTIVE_NOUNS for t in (prep.head, before))


def _statistic(trigger: Token) -> bool:
    """ "Police stats for 2023 show 98 people were murdered", "figures show 40 died this
    year": a toll that statistics tell is a total over their period."""
    node = trigger
    for _ in range(3):
        if any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in STATISTIC_NOUNS
            for c in node.children
        ):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False
