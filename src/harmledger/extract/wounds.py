"""Woundings and deaths of one person told twice: a report of a death that says how the dead
were hurt ("the farmer was shot in the chest") tells no new injury (``wounds_of_the_dead``),
unless it says the one hurt survived ("the mother was beaten but survived"); "A man was shot
on Main Street. He died at the hospital." is one death, not a wounding and a death
(``died_of_wounds``).
"""

from __future__ import annotations

from spacy.tokens import Token

from harmledger.extract import rulebook as rb
from harmledger.extract.claims_merge import merge_into
from harmledger.extract.phrase_counts import ONE_PERSON_PRONOUNS
from harmledger.extract.triggers import Trigger
from harmledger.models import Claim

_ONE_PERSON_DETERMINERS = rb.words("one_person_determiners")
_SURVIVE = rb.words("survival_verbs")


def _refers_back(trig: Trigger) -> bool:
    """ "he", "she", "the victim", "the man": one person told of before."""
    patient = trig.patients[0] if trig.patients else None
    if patient is None:
        return False
    if patient.pos_ == "PRON":
        return patient.lower_ in ONE_PERSON_PRONOUNS
    return patient.tag_ == "NN" and any(
        c.dep_ == "det" and c.lower_ in _ONE_PERSON_DETERMINERS for c in patient.children
    )


def _named_again(trig: Trigger) -> bool:
    """A person named as one already known: a pronoun, "the boy", "his son", "Smith"."""
    if _refers_back(trig):
        return True
    patient = trig.patients[0] if trig.patients else None
    if patient is None:
        return False
    if patient.tag_ == "NNP" and patient.ent_type_ == "PERSON":
        return True
    return patient.tag_ == "NN" and any(c.dep_ == "poss" for c in patient.children)


def wounds_of_the_dead(claims: list[tuple[Trigger, Claim]]) -> list[tuple[Trigger, Claim]]:
    """In a report of a death, "the farmer was shot in the chest" or "Smith was shot" tells how a
    person already told of was harmed, not a new injury: such a wounding of one person named
    again is dropped when the document tells of a killing."""
    if not any(c.kind == "killed" for _, c in claims):
        return claims
    return [
        (t, c)
        for t, c in claims
        if not (t.wounding and c.count.best == 1 and _named_again(t) and not _survived(t.token))
    ]


def _survived(verb: Token) -> bool:
    """ "The brothers' mother was beaten but survived": told apart from the dead."""
    return any(c.dep_ == "conj" and c.lemma_.lower() in _SURVIVE for c in verb.children)


def died_of_wounds(claims: list[tuple[Trigger, Claim]]) -> list[tuple[Trigger, Claim]]:
    """ "A man was shot on Main Street. He died at the hospital.": the one person shot is the
    one who died: the death takes the wounding's place, victims and date, and the wounding
    is dropped."""
    out = list(claims)
    dropped: set[int] = set()
    for k, (trig, claim) in enumerate(claims):
        if claim.kind != "killed" or claim.count.best != 1 or not _refers_back(trig):
            continue
        earlier = [m for m in range(k) if out[m][0].wounding and m not in dropped]
        if earlier and out[earlier[-1]][1].count.best == 1:
            dropped.add(earlier[-1])
            out[k] = (trig, merge_into(claim, out[earlier[-1]][1]))
    return [item for m, item in enumerate(out) if m not in dropped]
