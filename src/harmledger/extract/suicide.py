"""Suicide bombers who set off their charge die by it: "Two suicide bombers detonated at the
market" tells of two deaths, though no word of death is written. Every coder counts them
(GTD's ``nkill`` and ACLED's fatalities include the bomber).

``self_detonation(token)`` gives a killed trigger whose patient is the bomber when ``token``
is a verb of setting off a charge (``self_detonation_verbs``: detonate, explode, blow ...
up) in the active voice whose subject is an attacker (``attacker_nouns``) that is a suicide
bomber: the subject is called one ("a suicide bomber", "the female suicide bombers"), or is a
bomber or the attackers of a report that has told of suicide bombers or a suicide attack
before. The charge, when named, is the bomber's own (``self_detonation_objects``: a vest, a
belt, an explosives-laden vehicle, himself); "assailants detonated a roadside bomb" kills
no assailant. The claim counts attackers only (``Claim.excluding_attackers`` 0): linking adds
it to the victims' toll, as GTD and ACLED do.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from harmledger.extract import rulebook as rb
from harmledger.extract.actors import plural_base
from harmledger.extract.triggers import Trigger
from harmledger.extract.voice import children

_VERBS = rb.words("self_detonation_verbs")
_OBJECTS = rb.words("self_detonation_objects")
_ATTACKERS = rb.words("attacker_nouns")
_SUICIDE = re.compile(r"\bsuicide\s+(?:bomb|attack|blast|vest|car|truck)", re.IGNORECASE)


def self_detonation(token: Token) -> Trigger | None:
    """The killed trigger of a suicide bomber setting off a charge, if ``token`` is one."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in _VERBS:
        return None
    if children(token, "nsubjpass", "auxpass"):
        return None  # "the device was detonated"
    subjects = children(token, "nsubj") or _root_head(token)
    if len(subjects) != 1 or not _suicide_bomber(subjects[0]):
        return None
    if not _own_charge(token):
        return None
    return Trigger(token, "killed", patients=[subjects[0]])


def _root_head(verb: Token) -> list[Token]:
    """ "Two suicide bombers detonated in Bonderi": the parser hangs the verb on its subject,
    the sentence's root, as if it were "bombers (who were) detonated"; or on a noun of the
    subject's own phrase ("A suicide bomber on a bomb-laden scooter detonated")."""
    if verb.dep_ != "acl":
        return []
    head = verb.head
    while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "NOUN":
        head = head.head.head
    return [head] if head.dep_ == "ROOT" and head.pos_ == "NOUN" else []


def _suicide_bomber(subject: Token) -> bool:
    if subject.lemma_.lower() not in _ATTACKERS and plural_base(subject) not in _ATTACKERS:
        return False
    if any(c.lemma_.lower() == "suicide" for c in subject.lefts):
        return True
    told_before = subject.doc.text[: subject.idx]
    return bool(_SUICIDE.search(told_before))


def _own_charge(verb: Token) -> bool:
    """No object, or the bomber's own charge ("detonated his vest", "blew himself up")."""
    objects = children(verb, "dobj")
    if verb.lemma_.lower() == "blow":
        up = any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
        return up and any(o.lower_ in _OBJECTS for o in objects)
    return all(o.lemma_.lower() in _OBJECTS or o.lower_ in _OBJECTS for o in objects)
