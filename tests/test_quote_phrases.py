"""Speaker phrases: names, roles, affiliations, ages, relays and pronouns."""

from __future__ import annotations

import pytest
from spacy.tokens import Token

from harmledger.extract import quote_phrases as ph
from harmledger.extract.nlp import load_nlp


def _token(text: str, word: str) -> Token:
    doc = load_nlp()(text)
    return next(t for t in doc if t.text == word)


def _text(text: str, offsets: tuple[int, int] | None) -> str | None:
    return None if offsets is None else text[offsets[0] : offsets[1]]


@pytest.mark.parametrize(
    ("text", "head", "name", "role", "affiliation", "age"),
    [
        ("Defence ministry spokesman Karim Nasser, 48, said the attack was repelled.", "Nasser",
         "Karim Nasser", "Defence ministry spokesman", None, "48"),
        ("A nurse from Homs, Rima Saleh, said the ward was full.", "nurse",
         "Rima Saleh", "nurse from Homs", None, None),
        ("Rima Saleh, a nurse at the hospital, said the ward was full.", "Saleh",
         "Rima Saleh", "nurse at the hospital", None, None),
        ("Tarek Aziz of the Levant Research Center said talks had stalled.", "Aziz",
         "Tarek Aziz", None, "Levant Research Center", None),
        ("A 70-year-old farmer said his sheep were taken.", "farmer",
         None, None, None, "70"),
    ],
)  # fmt: skip
def test_describe_speaker_parts(
    text: str, head: str, name: str | None, role: str | None, affiliation: str | None,
    age: str | None,
) -> None:  # fmt: skip
    info = ph.describe_speaker(_token(text, head))
    assert _text(text, info.name) == name
    assert _text(text, info.role) == role
    assert _text(text, info.affiliation) == affiliation
    assert _text(text, info.age) == age
    if name is not None:
        assert info.speaker == info.name


def test_pronoun_is_described_as_a_pronoun() -> None:
    info = ph.describe_speaker(_token("She said it was over.", "She"))
    assert info.kind == "pronoun"
    assert info.name is None


@pytest.mark.parametrize(
    ("text", "verb", "outlet"),
    [
        ("A resident told AFP that the village was empty.", "told", "AFP"),
        ("The mayor said to Reuters that the bridge was down.", "said", "Reuters"),
        ("The mayor told reporters that the bridge was down.", "told", None),
        ("According to Reuters, the bridge was down.", "According", None),
    ],
)
def test_relay_of(text: str, verb: str, outlet: str | None) -> None:
    assert _text(text, ph.relay_of(_token(text, verb))) == outlet


def test_resolve_pronoun_to_the_last_person_subject() -> None:
    text = "Amal Haddad visited the camp. Then the Red Cross arrived. She said it was full."
    doc = load_nlp()(text)
    candidates = ph.subject_antecedents(doc)
    she = next(t for t in doc if t.text == "She")
    assert _text(text, ph.resolve_pronoun(she, candidates)) == "Amal Haddad"


@pytest.mark.parametrize(
    ("pronoun", "expected"),
    [("he", "person-2"), ("she", "person-2"), ("it", "org-1"), ("they", "org-1"), ("you", None)],
)
def test_resolve_pronoun_by_kind_and_recency(pronoun: str, expected: str | None) -> None:
    text = f"person-1 org-1 person-2 later {pronoun} said"
    doc = load_nlp().make_doc(text)
    candidates = [
        ph.Antecedent(0, "person", (0, 8)),
        ph.Antecedent(9, "org", (9, 14)),
        ph.Antecedent(15, "person", (15, 23)),
    ]
    token = next(t for t in doc if t.text == pronoun)
    assert _text(text, ph.resolve_pronoun(token, candidates)) == expected


def test_resolve_relative_pronoun_to_the_noun_it_modifies() -> None:
    text = "The council, which met on Monday, said the road was open."
    which = _token(text, "which")
    assert _text(text, ph.resolve_pronoun(which, [])) == "council"
