"""Tolls the text states as zero: "There were no reported casualties", "No one was injured".

A report that says no one was hurt gives a figure, 0, which is not the same as saying
nothing (an unknown toll). ``stated_zero`` finds such a statement at a harm word and says
which kinds of harm it puts at zero and which words say so; a hedged one ("no one could
have survived", "if no one was hurt") states nothing.
"""

from __future__ import annotations

from spacy.tokens import Token

from harmledger.extract import lexicon as lx
from harmledger.extract import rulebook as rb
from harmledger.models import Claim

#: Nouns of harm to people that "no" puts at zero, and the kinds they count.
ZERO_NOUNS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in rb.table("zero_nouns").items()}
_NOBODY = rb.words("nobody_words")
_CONDITIONAL = rb.words("zero_conditional_marks")


def _hedged(token: Token) -> bool:
    """Is the statement modal, conditional or a question of its governor?"""
    node = token
    while True:
        for child in node.children:
            if child.dep_ == "aux" and child.lower_ in lx.MODALS:
                return True
            if child.dep_ == "mark" and child.lower_ in _CONDITIONAL:
                return True
        if node.head.i == node.i:
            return False
        node = node.head


def _no_word(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ == "det" and c.lower_ == "no"), None)


def stated_zero(token: Token, kind: str | None = None) -> tuple[tuple[str, ...], Token] | None:
    """The kinds a zero statement at ``token`` gives and its "no" word: a harm noun with
    "no" ("no reported casualties"), or a harm verb whose patient is nobody ("No one was
    killed", with its trigger's ``kind``)."""
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and lemma in ZERO_NOUNS:
        no = _no_word(token)
        if no is not None and not _hedged(token):
            return ZERO_NOUNS[lemma], no
        return None
    if kind not in {"killed", "injured"} or token.pos_ != "VERB":
        return None
    for patient in token.children:
        if patient.dep_ not in {"nsubjpass", "nsubj", "dobj"}:
            continue
        if patient.lower_ in _NOBODY or (patient.lower_ == "one" and _no_word(patient)):
            return ((kind,), _no_word(patient) or patient) if not _hedged(token) else None
    return None


def is_stated_zero(claim: Claim) -> bool:
    """Is the claim a toll the text states as zero (the claims ``stated_zero`` makes)?"""
    return claim.count.best == 0 and claim.count.qualifier == "exact"


def is_event_harm(claim: Claim) -> bool:
    """A claim of harm done in an event: neither a toll stated as zero ("no reported
    casualties") nor a background total ("150,000 since 2014")."""
    return not claim.cumulative and not is_stated_zero(claim)
