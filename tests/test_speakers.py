"""Speaker phrases: cues, complements, names, roles, ages, relays and pronouns."""

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
    info = sp.describe_speaker(_token(text, head))
    assert _text(text, info.name) == name
    assert _text(text, info.role) == role
    assert _text(text, info.affiliation) == affiliation
    assert _text(text, info.age) == age
    if name is not None:
        assert info.speaker == info.name


def test_pronoun_is_described_as_a_pronoun() -> None:
    info = sp.describe_speaker(_token("She said it was over.", "She"))
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
    assert _text(text, sp.relay_of(_token(text, verb))) == outlet


def test_resolve_pronoun_to_the_last_person_subject() -> None:
    text = "Amal Haddad visited the camp. Then the Red Cross arrived. She said it was full."
    doc = load_nlp()(text)
    candidates = sp.subject_antecedents(doc)
    she = next(t for t in doc if t.text == "She")
    assert _text(text, sp.resolve_pronoun(she, candidates)) == "Amal Haddad"


@pytest.mark.parametrize(
    ("pronoun", "expected"),
    [("he", "person-2"), ("she", "person-2"), ("it", "org-1"), ("they", "org-1"), ("you", None)],
)
def test_resolve_pronoun_by_kind_and_recency(pronoun: str, expected: str | None) -> None:
    text = f"person-1 org-1 person-2 later {pronoun} said"
    doc = load_nlp().make_doc(text)
    candidates = [
        sp.Antecedent(0, "person", (0, 8)),
        sp.Antecedent(9, "org", (9, 14)),
        sp.Antecedent(15, "person", (15, 23)),
    ]
    token = next(t for t in doc if t.text == pronoun)
    assert _text(text, sp.resolve_pronoun(token, candidates)) == expected


def test_resolve_relative_pronoun_to_the_noun_it_modifies() -> None:
    text = "The council, which met on Monday, said the road was open."
    which = _token(text, "which")
    assert _text(text, sp.resolve_pronoun(which, [])) == "council"


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
