"""Whose harm a harm noun tells of: "the assassination on 22 March of X" (``not_dates``),
"the child's death" (``whose``), "he was treated for injuries", "the victim suffered
injuries" (``injury_holder``).
"""

from __future__ import annotations

from spacy.tokens import Token

from harmledger.extract import actors
from harmledger.extract import rulebook as rb
from harmledger.extract.voice import children, pobj_of

_OWNED_HARMS = rb.words("owned_harm_nouns")
_HIS_HER = rb.words("possessive_person_pronouns")
_SUFFER = rb.words("suffer_verbs")
_CARED_FOR = rb.words("cared_for_verbs")
_INJURY_PREPS = rb.words("injury_prepositions")


def not_dates(nouns: list[Token]) -> list[Token]:
    """Patients of an event noun without dates: "the assassination on 22 March of X" is of X
    (the parser hangs "of X" on the date), never of March."""
    out: list[Token] = []
    for noun in nouns:
        if noun.ent_type_ in {"DATE", "TIME"}:
            out.extend(pobj_of(noun, "of"))
        else:
            out.append(noun)
    return out


def whose(token: Token) -> list[Token]:
    """The person a death or injury belongs to: "the child's death", "his death"."""
    if token.lemma_.lower() not in _OWNED_HARMS:
        return []
    return [
        c
        for c in token.lefts
        if c.dep_ == "poss" and (c.lower_ in _HIS_HER or (c.pos_ != "PRON" and actors.is_person(c)))
    ]


def injury_holder(token: Token) -> list[Token]:
    """Who has the injuries: "the victim suffered injuries", "he was treated for injuries",
    "twelve people were treated for wounds", "a man was taken to hospital with injuries"."""
    lemma = token.lemma_.lower()
    if lemma == "injury" and token.dep_ == "dobj" and token.head.lemma_.lower() in _SUFFER:
        return children(token.head, "nsubj")
    if lemma in {"injury", "wound"} and cared_for(token):
        return children(token.head.head, "nsubjpass")
    return []


def cared_for(token: Token) -> bool:
    """ "treated for injuries", "taken to hospital with wounds"."""
    prep = token.head
    return (
        token.dep_ == "pobj"
        and prep.lower_ in _INJURY_PREPS
        and prep.head.lemma_.lower() in _CARED_FOR
    )
