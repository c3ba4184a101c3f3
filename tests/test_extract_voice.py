"""Which way a harm verb points and where its subjects are, on hand-written sentences."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from harmledger.extract.nlp import load_nlp
from harmledger.extract.voice import (
    complement_of_be,
    gerund_subject,
    is_passive,
    passive_subjects,
    small_clause,
)


def _token(sentence: str, word: str) -> Token:
    return next(t for t in load_nlp()(sentence) if t.text == word)


def test_passive_and_active() -> None:
    assert is_passive(_token("The device was detonated near the gate.", "detonated"))
    assert not is_passive(_token("Gunmen detonated a device near the gate.", "detonated"))


def test_a_participle_with_its_own_subject_is_a_small_clause() -> None:
    sentence = "The blast left one dead and two others injured."
    assert small_clause(_token(sentence, "injured")) is True
    assert small_clause(_token("Two assailants shot and injured a lawmaker.", "shot")) is False


def test_subjects_hung_on_the_auxiliary() -> None:
    # "flogged" taken for the complement of "was", which holds the subject
    verb = _token("The other prisoner was flogged and released the following week.", "flogged")
    assert complement_of_be(verb) is True
    assert [t.text for t in passive_subjects(verb)] == ["prisoner"]
    # the subject hung on the passive auxiliary (a parse rebuilt by hand, invented words)
    words = ["The", "guard", "was", "flogged", "."]
    doc = Doc(load_nlp().vocab, words=words, heads=[1, 2, 3, 3, 3],
              deps=["det", "nsubj", "auxpass", "ROOT", "punct"],
              tags=["DT", "NN", "VBD", "VBN", "."])  # fmt: skip
    assert complement_of_be(doc[3]) is False
    assert [t.text for t in passive_subjects(doc[3])] == ["guard"]


def test_the_subject_of_being_shot_is_the_governing_clauses() -> None:
    sentence = "A teacher was seized at a market before being shot."
    assert [t.text for t in gerund_subject(_token(sentence, "shot"))] == ["teacher"]
    assert gerund_subject(_token("Police arrived before the shooting began.", "began")) == []


def test_own_subjects_come_first() -> None:
    verb = _token("Two farmers were killed in the raid.", "killed")
    assert [t.text for t in passive_subjects(verb)] == ["farmers"]
