"""Cues, complements and speaker heads."""

from __future__ import annotations

import pytest
from spacy.tokens import Token

from harmledger.extract import speakers as sp
from harmledger.extract.nlp import load_nlp


def _token(text: str, word: str) -> Token:
    doc = load_nlp()(text)
    return next(t for t in doc if t.text == word)


def _text(text: str, offsets: tuple[int, int] | None) -> str | None:
    return None if offsets is None else text[offsets[0] : offsets[1]]


def _never(_token: Token) -> bool:
    return False


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The governor said the roads were closed.", "said", True),
        ("The minister told reporters nothing.", "told", True),
        ("According to the ministry, ten died.", "According", True),
        ("His claim that the town was empty was false.", "claim", True),
        ("Residents are afraid that the shelling will resume.", "afraid", True),
        ("The memo insinuated that the road was unsafe.", "insinuated", True),
        ("The soldiers walked to the river.", "walked", False),
        ("The claim form was lost.", "form", False),
    ],
)
def test_is_cue(text: str, word: str, expected: bool) -> None:
    assert sp.is_cue(_token(text, word)) is expected


@pytest.mark.parametrize(
    ("text", "word", "content"),
    [
        ("The governor said the roads were closed.", "said", "the roads were closed"),
        ("The envoy urged both sides to stop the fighting.", "urged",
         "both sides to stop the fighting"),
        ("The council decried the attack on the market.", "decried", "the attack on the market"),
        ("She referred to the new curfew.", "referred", "the new curfew"),
        ("His claim that the town was empty was false.", "claim", "that the town was empty"),
        ("The agency reports: ten trucks were stopped at the border.", "reports",
         "ten trucks were stopped at the border"),
        ("He said the camp was full, while aid workers said it was not.", "said",
         "the camp was full"),
        ("The soldiers walked to the river.", "walked", None),
    ],
)  # fmt: skip
def test_complement(text: str, word: str, content: str | None) -> None:
    assert _text(text, sp.complement(_token(text, word))) == content


@pytest.mark.parametrize(
    ("text", "word", "speaker"),
    [
        ("The governor said the roads were closed.", "said", "governor"),
        ("Later, a spokesman for the army, saying the area was cleared, left.", "saying",
         "spokesman"),
        ("Amal Haddad arrived and told reporters the camp was full.", "told", "Haddad"),
        ("The closure was announced by the ministry.", "announced", "ministry"),
        ("She said she admires him and praised his courage.", "praised", "She"),
        ("His claim that the town was empty was false.", "claim", "His"),
        ("Residents are afraid that the shelling will resume.", "afraid", "Residents"),
        ("According to the ministry, ten died.", "According", "ministry"),
    ],
)  # fmt: skip
def test_speaker_of(text: str, word: str, speaker: str) -> None:
    head = sp.speaker_of(_token(text, word), _never)
    assert head is not None and head.text == speaker


@pytest.mark.parametrize(
    ("text", "word", "content"),
    [
        ("The senator criticized the plan, saying it would raise taxes.", "criticized",
         "the plan"),
        ("The governor defended the budget and warned that cuts would follow.", "defended",
         "the budget"),
        ("The mayor said she was a Democrat and would back the governor.", "said",
         "she was a Democrat and would back the governor"),
        ("She noted that a volunteer had died while canvassing for the campaign.", "noted",
         "that a volunteer had died while canvassing for the campaign"),
    ],
)  # fmt: skip
def test_complement_stops_before_a_cue_of_its_own(text: str, word: str, content: str) -> None:
    assert _text(text, sp.complement(_token(text, word))) == content


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Voters are reluctant to back the plan.", "reluctant", True),
        ("The council lambasted the delay.", "lambasted", True),
        ("His intention to resign surprised nobody.", "intention", True),
        ("The truck was reluctantly parked outside.", "parked", False),
    ],
)
def test_wider_cue_lexicon(text: str, word: str, expected: bool) -> None:
    assert sp.is_cue(_token(text, word)) is expected


def test_noun_cue_speaker_from_a_from_phrase() -> None:
    text = "The plan faced criticism from the governor."
    speaker = sp.speaker_of(_token(text, "criticism"), _never)
    assert speaker is not None
    assert speaker.text == "governor"


@pytest.mark.parametrize(
    ("text", "word", "speaker"),
    [
        # of two subjects, the one next to the verb, not the dateline
        ("LONDON (Reuters) - Maria Costa said she was unlikely to run again.", "said", "Costa"),
        # a participle on where or how the subject spoke: the subject speaks
        ("The mayor replied in a letter stating that the budget was balanced.", "stating",
         "mayor"),
        # an infinitive on a noun the subject has: the subject
        ("The council has every reason to doubt that the figures are right.", "doubt",
         "council"),
        # a statement noun itself is still the source ("in a statement saying")
        ("The ministry issued a statement saying the border was closed.", "saying",
         "ministry"),
    ],
)  # fmt: skip
def test_speaker_of_clause_subject_not_an_occasion(text: str, word: str, speaker: str) -> None:
    head = sp.speaker_of(_token(text, word), _never)
    assert head is not None and head.text == speaker
