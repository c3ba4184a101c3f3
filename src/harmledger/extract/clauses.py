"""Clauses that tell of another event than the harm they sit beside.

"Four soldiers were killed a day after rebels fired a missile at the capital": the firing is
an earlier event. Its actors are not the killing's perpetrators and its places are not where
the killing happened. A clause is another event when it hangs from the harm through a
temporal subordinator ("after", "before", "since", "until", "following") or it is a relative
or participial clause of a date ("the day rebels fired ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from harmledger.extract import rulebook as rb

#: Subordinators that place a clause's event before or after the main one.
TEMPORAL_MARKS = rb.words("temporal_marks")
_DATE_NOUNS = rb.words("date_nouns")


def is_temporal_clause(verb: Token) -> bool:
    """Is ``verb`` the head of a clause about a time before or after its governor's event?"""
    if verb.dep_ == "advcl":
        marks = [c for c in verb.children if c.dep_ in {"mark", "prep"}]
        return any(m.lower_ in TEMPORAL_MARKS for m in marks)
    if verb.dep_ == "pcomp" and verb.head.lower_ in TEMPORAL_MARKS:
        return True  # "after firing a missile"
    # "the day after rebels fired", "a week rebels spent shelling"
    return verb.dep_ in {"relcl", "acl"} and verb.head.lemma_.lower() in _DATE_NOUNS


def event_clause(token: Token) -> Token:
    """The head of the innermost clause of another event that ``token`` lies in, or the root
    of its sentence when it lies in none."""
    node = token
    while node.head.i != node.i:
        if node.pos_ in {"VERB", "AUX"} and is_temporal_clause(node):
            return node
        node = node.head
    return node


def same_event(a: Token, b: Token) -> bool:
    """Do two tokens of one sentence tell of the same event (no temporal clause between)?"""
    if a.sent.start != b.sent.start:
        return False
    return event_clause(a).i == event_clause(b).i


def is_time_reference(noun: Token) -> bool:
    """Is a harm noun only a point in time for another clause ("had fled to Gwoza town since
    the raid", "in the days after the attack")? Its sentence tells of something else: its
    places and dates are not the harm's."""
    return noun.dep_ == "pobj" and noun.head.lower_ in TEMPORAL_MARKS
