"""Actors on hand-made sentences: source types, attributions, antecedents, noun phrases."""

from __future__ import annotations

from functools import cache
from typing import get_args

import pytest
from spacy.tokens import Doc, Token

from harmledger.extract import actors
from harmledger.extract.nlp import blank_doc, load_nlp
from harmledger.extract.triggers import find_trigger
from harmledger.models import SourceType


@cache
def _parse(sentence: str) -> Doc:
    return load_nlp()(sentence)


def _token(sentence: str, word: str, nth: int = 0) -> Token:
    return [t for t in _parse(sentence) if t.text == word][nth]


def _trigger_token(sentence: str) -> Token:
    return next(t for t in _parse(sentence) if find_trigger(t) is not None)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Syrian Observatory for Human Rights", "monitor"),
        ("a monitoring network", "monitor"),
        ("UN envoy", "UN"),
        ("the United Nations", "UN"),
        ("UNICEF", "UN"),
        ("hospital director", "medical"),
        ("a doctor at the clinic", "medical"),
        ("health ministry spokesman", "medical"),
        ("defence ministry spokesman", "official"),
        ("the provincial governor", "official"),
        ("police", "official"),
        ("a resident", "witness"),
        ("villagers", "witness"),
        ("his brother", "witness"),
        ("Amnesty International", "NGO"),
        ("the Red Cross", "NGO"),
        ("Human Rights Watch", "NGO"),
        ("social media users", "social media"),
        ("posts on Telegram", "social media"),
        ("a local journalist", "journalist"),
        ("the village", "unknown"),
        ("", "unknown"),
        ("Resident, 45", "witness"),
    ],
)
def test_source_type(words: str, expected: str) -> None:
    assert actors.source_type(words) == expected


def test_source_types_are_valid() -> None:
    valid = set(get_args(SourceType))
    for words in ("observatory", "envoy", "amnesty", "hospital", "users", "reporter", "army", "x"):
        assert actors.source_type(words) in valid


def test_source_type_relative_pronoun_is_not_the_who() -> None:
    assert actors.source_type("a resident who saw the attack") == "witness"


@pytest.mark.parametrize(
    ("sentence", "source", "kind"),
    [
        (
            "Five civilians were killed in the shelling, according to the Syrian Observatory "
            "for Human Rights.",
            "Syrian Observatory for Human Rights",
            "monitor",
        ),
        (
            "According to a hospital director, nine people were wounded.",
            "hospital director",
            "medical",
        ),
        (
            "According to Amnesty International, police detained forty men.",
            "Amnesty International",
            "NGO",
        ),
    ],
)
def test_according_to(sentence: str, source: str, kind: str) -> None:
    found = actors.according_to(sentence, _parse(sentence))
    assert found is not None
    assert (found.source.text, found.source_type) == (source, kind)
    assert sentence[found.source.start : found.source.end] == found.source.text
    assert found.relay == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen killed four farmers near the river.",
        "Villagers were ranked according by age.",  # "according" not followed by "to"
    ],
)
def test_according_to_absent(sentence: str) -> None:
    assert actors.according_to(sentence, _parse(sentence)) is None


@pytest.mark.parametrize(
    ("sentence", "source", "kind", "relay"),
    [
        ("A resident told AFP that gunmen killed four farmers.", "resident", "witness", ["AFP"]),
        (
            "Amnesty International said soldiers arrested dozens of students.",
            "Amnesty International",
            "NGO",
            [],
        ),
        (
            "Gunmen killed two shepherds, the defence ministry spokesman said.",
            "defence ministry spokesman",
            "official",
            [],
        ),
        ("Six people were killed, a villager told Reuters.", "villager", "witness", ["Reuters"]),
        (
            "Five civilians were killed, according to a hospital director.",
            "hospital director",
            "medical",
            [],
        ),
    ],
)
def test_attribution_for(sentence: str, source: str, kind: str, relay: list[str]) -> None:
    found = actors.attribution_for(sentence, _trigger_token(sentence))
    assert found is not None
    assert found.source.text == source
    assert found.source_type == kind
    assert [r.text for r in found.relay] == relay
    for span in (found.source, *found.relay):
        assert sentence[span.start : span.end] == span.text


def test_attribution_for_resolves_pronoun_speaker() -> None:
    text = "Ahmed Hassan returned home on Monday. He said militants kidnapped his nurse."
    found = actors.attribution_for(text, _token(text, "kidnapped"))
    assert found is not None and found.source.text == "Ahmed Hassan"


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen killed four farmers near the river.",
        "The army accused rebels of killing four farmers.",
    ],
)
def test_attribution_for_none(sentence: str) -> None:
    assert actors.attribution_for(sentence, _trigger_token(sentence)) is None


@pytest.mark.parametrize(
    ("text", "pronoun", "expected"),
    [
        ("Ahmed Hassan returned home on Monday. He said militants came.", "He", "Ahmed Hassan"),
        (
            "Amnesty International published a report. It said police detained forty men.",
            "It",
            "Amnesty International",
        ),
    ],
)
def test_antecedent(text: str, pronoun: str, expected: str) -> None:
    found = actors.antecedent(_token(text, pronoun))
    assert found is not None
    first, last = found
    assert text[first.idx : last.idx + len(last.text)] == expected


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("He killed two children.", "He"),  # nothing before it
        ("Ahmed Hassan returned home. It was late.", "It"),  # wrong kind of entity
        ("Ahmed Hassan returned home. We said nothing.", "We"),  # not a resolvable pronoun
    ],
)
def test_antecedent_none(text: str, word: str) -> None:
    assert actors.antecedent(_token(text, word)) is None


@pytest.mark.parametrize(
    ("sentence", "head", "expected"),
    [
        ("The three elderly farmers were killed.", "farmers", "elderly farmers"),
        ("Gunmen killed the 12 young Alawite civilians.", "civilians", "young Alawite civilians"),
        ("A shepherd was wounded.", "shepherd", "shepherd"),
        ("An old man was wounded.", "man", "old man"),
        ("About 40 poor families fled again.", "families", "poor families"),
        ("These two local journalists were detained.", "journalists", "local journalists"),
        ("All 30 hospital workers were detained.", "workers", "hospital workers"),
    ],
)
def test_noun_phrase_drops_articles_and_numbers(sentence: str, head: str, expected: str) -> None:
    span = actors.noun_phrase(sentence, _token(sentence, head))
    assert span.text == expected
    assert sentence[span.start : span.end] == expected


def test_noun_phrase_keep_of() -> None:
    text = "Members of the militia killed two children."
    head = _token(text, "Members")
    assert actors.noun_phrase(text, head).text == "Members"
    assert actors.noun_phrase(text, head, keep_of=True).text == "Members of the militia"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen and soldiers killed two children.", ["Gunmen", "soldiers"]),
        (
            "Government forces and allied militias killed two children.",
            ["Government forces", "militias"],
        ),
        ("Members of the militia killed two children.", ["Members of the militia"]),
        ("The Rapid Support Forces killed two children.", ["Rapid Support Forces"]),
        ("A shell killed two children.", []),  # a weapon is not a perpetrator
        ("They killed two children.", []),  # pronouns are skipped
        ("He killed two children.", []),
    ],
)
def test_perpetrators(sentence: str, expected: list[str]) -> None:
    trig = find_trigger(_token(sentence, "killed"))
    assert trig is not None
    found = actors.perpetrators(sentence, trig.agents, "alleged")
    assert [a.span.text for a in found] == expected
    assert all(a.certainty == "alleged" for a in found)
    assert all(sentence[a.span.start : a.span.end] == a.span.text for a in found)


@pytest.mark.parametrize(
    ("sentence", "head", "group", "civilian"),
    [
        ("Gunmen killed the 12 young Alawite civilians.", "civilians", "Alawite", True),
        ("Two soldiers were killed.", "soldiers", None, False),
        ("Three farmers were killed.", "farmers", None, True),
        ("Two vehicles were destroyed.", "vehicles", None, None),
    ],
)
def test_victim(sentence: str, head: str, group: str | None, civilian: bool | None) -> None:
    actor = actors.victim(sentence, _token(sentence, head))
    assert (actor.group, actor.civilian) == (group, civilian)
    assert actor.certainty is None


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("A resident of Baniyas said gunmen came.", "Baniyas", True),
        ("Gunmen attacked a farm near Qardaha on Monday.", "Qardaha", True),
        ("Gunmen attacked a farm near Qardaha on Monday.", "farm", False),
        ("Gunmen killed four farmers near the river.", "Gunmen", False),
    ],
)
def test_is_locative_context(sentence: str, word: str, expected: bool) -> None:
    assert actors.is_locative_context(_token(sentence, word)) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen killed four farmers.", "alleged"),
        ("The group claimed responsibility for killing four farmers.", "claimed"),
        ("Police confirmed that gunmen killed four farmers.", "confirmed"),
    ],
)
def test_certainty_for(sentence: str, expected: str) -> None:
    token = next(t for t in _parse(sentence) if t.lemma_ == "kill")
    assert actors.certainty_for(token) == expected


@pytest.mark.parametrize("word", ["they", "he", "who", "12", "twelve"])
def test_pronouns_and_numbers_never_head_an_actor(word: str) -> None:
    [token] = blank_doc(word)
    assert actors.is_actor_head(token) is False


def test_token_span_is_in_text_order_whichever_token_comes_first() -> None:
    doc = _parse("One person was killed and three injured.")
    forward = actors.token_span(doc.text, doc[0], doc[1])
    backward = actors.token_span(doc.text, doc[1], doc[0])
    assert forward == backward
    assert forward.text == "One person" == doc.text[forward.start : forward.end]


def test_nobody_is_not_a_source() -> None:
    doc = _parse("No group has claimed the attack on the market.")
    assert actors.subject_source(doc.text, doc[3]) is None


def test_citing_names_the_source_and_the_citer_relays_it() -> None:
    from harmledger.extract.actors import according_to
    from harmledger.extract.nlp import load_nlp

    text = "Nine people died, the state agency reported, citing the health ministry."
    found = according_to(text, load_nlp()(text))
    assert found is not None
    assert found.source.text == "health ministry"
    assert [r.text for r in found.relay] == ["state agency"]


def test_a_dateline_is_no_part_of_a_perpetrators_name() -> None:
    from harmledger.extract.claims import find_claims
    from harmledger.extract.nlp import load_nlp

    for text, name in (
        ("GAO - Suspected jihadist fighters killed 11 civilians.", "Suspected jihadist fighters"),
        ("Pro-government militia fighters killed four farmers.", "Pro-government militia fighters"),
    ):
        claims = find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="t")
        assert [p.span.text for p in claims[0].perpetrators] == [name]


def test_victim_heads_are_the_last_words_of_the_victim_phrases() -> None:
    from harmledger.extract.plain import victim_heads
    from harmledger.models import Actor, Claim, Count, Span

    text = "three tribal elders and a Driver"
    victims = (Actor(Span(0, 19, "three tribal elders")), Actor(Span(24, 32, "a Driver")))
    claim = Claim("killed", Span(0, len(text), text), Span(0, 5, "three"), Count(4, 4, 4, "exact"),
                  victims=victims)  # fmt: skip
    assert victim_heads(claim) == {"elders", "driver"}


def test_a_capitalised_plural_left_unlemmatised_heads_a_perpetrator() -> None:
    token = _token("Gunmen stormed a police post in the district late on Monday.", "Gunmen")
    assert actors.is_actor_head(token)
    token = _token("Assailants stormed a police post in the district late on Monday.", "Assailants")
    assert actors.is_anonymous(token)  # says someone did it, not who


def test_the_datelines_country_does_not_name_anonymous_assailants() -> None:
    text = "MAIMANA, Afghanistan - Assailants attacked an army post in Qaisar district."
    assert actors.is_anonymous(_token(text, "Assailants"))
