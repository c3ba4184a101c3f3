"""Word lists: values are known kinds and types, keys are lower-case lemmas, no contradictions."""

from __future__ import annotations

from typing import get_args

import pytest

from harmledger.extract import lexicon as lx
from harmledger.models import HARM_KINDS, SourceType

HARM_MAPS = {
    "HARM_VERBS": lx.HARM_VERBS,
    "HARM_INTRANSITIVE": lx.HARM_INTRANSITIVE,
    "HARM_NOUNS": lx.HARM_NOUNS,
    "HARM_STATES": lx.HARM_STATES,
}

WORD_SETS = {
    "TOLL_NOUNS": lx.TOLL_NOUNS,
    "MODALS": lx.MODALS,
    "NONFACTUAL_GOVERNORS": lx.NONFACTUAL_GOVERNORS,
    "SPEECH_VERBS": lx.SPEECH_VERBS,
    "WIRE_AGENCIES": lx.WIRE_AGENCIES,
    "CIVILIAN_NOUNS": lx.CIVILIAN_NOUNS,
    "COMBATANT_NOUNS": lx.COMBATANT_NOUNS,
    "KIN_NOUNS": lx.KIN_NOUNS,
    "PERPETRATOR_NOUNS": lx.PERPETRATOR_NOUNS,
    "ANAPHORIC_DETERMINERS": lx.ANAPHORIC_DETERMINERS,
}


@pytest.mark.parametrize("name", sorted(HARM_MAPS))
def test_harm_values_are_harm_kinds(name: str) -> None:
    bad = {word: kind for word, kind in HARM_MAPS[name].items() if kind not in HARM_KINDS}
    assert bad == {}


@pytest.mark.parametrize("name", sorted(HARM_MAPS))
def test_harm_keys_are_lower_case(name: str) -> None:
    words = HARM_MAPS[name]
    assert words
    assert [w for w in words if w != w.lower() or w != w.strip() or not w] == []


@pytest.mark.parametrize("name", sorted(WORD_SETS))
def test_word_sets_are_lower_case_and_non_empty(name: str) -> None:
    words = WORD_SETS[name]
    assert words
    assert [w for w in words if w != w.lower() or w != w.strip() or not w] == []


def test_every_harm_kind_has_words() -> None:
    covered = set(lx.HARM_VERBS.values()) | set(lx.HARM_NOUNS.values())
    assert covered == set(HARM_KINDS)


@pytest.mark.parametrize(
    ("table", "word", "kind"),
    [
        ("HARM_VERBS", "kill", "killed"),
        ("HARM_VERBS", "wound", "injured"),
        ("HARM_VERBS", "kidnap", "abducted"),
        ("HARM_VERBS", "arrest", "detained"),
        ("HARM_VERBS", "displace", "displaced"),
        ("HARM_VERBS", "shell", "attacked"),
        ("HARM_VERBS", "loot", "property"),
        ("HARM_INTRANSITIVE", "die", "killed"),
        ("HARM_INTRANSITIVE", "flee", "displaced"),
        ("HARM_NOUNS", "killing", "killed"),
        ("HARM_NOUNS", "airstrike", "attacked"),
        ("HARM_NOUNS", "air_strike", "attacked"),
        ("HARM_NOUNS", "looting", "property"),
        ("HARM_STATES", "dead", "killed"),
        ("HARM_STATES", "wounded", "injured"),
    ],
)
def test_spot_checks(table: str, word: str, kind: str) -> None:
    assert HARM_MAPS[table][word] == kind


def test_transitive_and_intransitive_verbs_do_not_overlap() -> None:
    assert set(lx.HARM_VERBS) & set(lx.HARM_INTRANSITIVE) == set()


def test_source_type_names_are_valid() -> None:
    valid = set(get_args(SourceType))
    names = [kind for kind, _ in lx.SOURCE_TYPE_WORDS]
    assert set(names) <= valid
    assert len(names) == len(set(names))  # each type listed once
    assert "unknown" not in names  # the fallback, never matched by a word


def test_source_type_cues_are_lower_case() -> None:
    """``source_type`` lower-cases the phrase, so an upper-case cue could never match."""
    cues = [cue for _, words in lx.SOURCE_TYPE_WORDS for cue in words]
    assert cues
    assert [c for c in cues if c != c.lower() or c != c.strip() or not c] == []


def test_civilian_and_combatant_nouns_are_disjoint() -> None:
    assert not lx.CIVILIAN_NOUNS & lx.COMBATANT_NOUNS, lx.CIVILIAN_NOUNS & lx.COMBATANT_NOUNS


@pytest.mark.parametrize("word", ["civilian", "child", "woman", "farmer", "journalist"])
def test_civilian_nouns(word: str) -> None:
    assert word in lx.CIVILIAN_NOUNS and word not in lx.COMBATANT_NOUNS


@pytest.mark.parametrize("word", ["soldier", "fighter", "militant", "rebel", "policeman"])
def test_combatant_nouns(word: str) -> None:
    assert word in lx.COMBATANT_NOUNS and word not in lx.CIVILIAN_NOUNS


def test_modals_are_not_speech_verbs() -> None:
    assert not lx.MODALS & lx.SPEECH_VERBS
