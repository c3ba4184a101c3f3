"""Speaker phrases: cues, names, roles, ages, relays and pronouns."""

from __future__ import annotations

import pytest

from harmledger.extract import speakers as sp
from harmledger.extract.nlp import load_nlp


def _token(text: str, word: str):  # type: ignore[no-untyped-def]
    doc = load_nlp()(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The governor said the roads were closed.", "said", True),
        ("The minister told reporters nothing.", "told", True),
        ("According to the ministry, ten died.", "According", True),
        ("The soldiers walked to the river.", "walked", False),
    ],
)
def test_is_cue(text: str, word: str, expected: bool) -> None:
    assert sp.is_cue(_token(text, word)) is expected


def test_describe_speaker_splits_role_name_and_age() -> None:
    text = "Defence ministry spokesman Karim Nasser, 48, said the attack was repelled."
    head = _token(text, "Nasser")
    info = sp.describe_speaker(head)
    assert info.name is not None and text[info.name[0] : info.name[1]] == "Karim Nasser"
    assert info.role is not None and "spokesman" in text[info.role[0] : info.role[1]]
    assert info.age is not None and text[info.age[0] : info.age[1]] == "48"


def test_pronoun_is_described_as_a_pronoun() -> None:
    info = sp.describe_speaker(_token("She said it was over.", "She"))
    assert info.kind == "pronoun"


def test_relay_of_told_agency() -> None:
    text = "A resident told AFP that the village was empty."
    offsets = sp.relay_of(_token(text, "told"))
    assert offsets is not None and text[offsets[0] : offsets[1]] == "AFP"


def test_resolve_pronoun_to_the_last_person_subject() -> None:
    text = "Amal Haddad visited the camp. Then the Red Cross arrived. She said it was full."
    doc = load_nlp()(text)
    candidates = sp.subject_antecedents(doc)
    she = next(t for t in doc if t.text == "She")
    found = sp.resolve_pronoun(she, candidates)
    assert found is not None and text[found[0] : found[1]] == "Amal Haddad"
