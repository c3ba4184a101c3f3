"""Whose harm a harm noun tells of, on invented sentences."""

from __future__ import annotations

from spacy.tokens import Token

from harmledger.extract.nlp import load_nlp
from harmledger.extract.noun_patients import cared_for, injury_holder, not_dates, whose
from harmledger.extract.voice import pobj_of


def _token(sentence: str, word: str) -> Token:
    return next(t for t in load_nlp()(sentence) if t.text == word)


def test_those_treated_for_wounds_or_injuries_have_them() -> None:
    wounds = _token("Twelve other people were treated for wounds, he said.", "wounds")
    assert cared_for(wounds)
    assert [t.text for t in injury_holder(wounds)] == ["people"]
    injuries = _token("The driver suffered injuries in the blast.", "injuries")
    assert [t.text for t in injury_holder(injuries)] == ["driver"]
    # a wound nobody is treated for names no holder
    assert injury_holder(_token("He died of a gunshot wound to the chest.", "wound")) == []


def test_whose_death() -> None:
    assert [t.text for t in whose(_token("The farmer's death shocked Zarvan.", "death"))] == [
        "farmer"
    ]


def test_a_date_is_no_patient() -> None:
    noun = _token("The assassination on 22 March of the mayor shocked Zarvan.", "assassination")
    found = not_dates(pobj_of(noun, "of") + pobj_of(noun, "on"))
    assert "March" not in [t.text for t in found]
