"""Harm triggers on hand-made sentences: kind, patients, agents, tolls, and factuality."""

from __future__ import annotations

from functools import cache

import pytest
from spacy.tokens import Doc, Token

from harmledger.extract import triggers
from harmledger.extract.nlp import load_nlp
from harmledger.extract.triggers import Trigger, find_trigger, is_factual


@cache
def _parse(sentence: str) -> Doc:
    return load_nlp()(sentence)


def _token(sentence: str, word: str) -> Token:
    return next(t for t in _parse(sentence) if t.text == word)


def _trigger(sentence: str, word: str) -> Trigger:
    trig = find_trigger(_token(sentence, word))
    assert trig is not None, f"{word!r} is not a trigger in {sentence!r}"
    return trig


def _texts(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens]


@pytest.mark.parametrize(
    ("sentence", "word", "kind", "patients", "agents"),
    [
        ("Gunmen killed four farmers near the river.", "killed", "killed", ["farmers"], ["Gunmen"]),
        ("Two shepherds were wounded in the clashes.", "wounded", "injured", ["shepherds"], []),
        (
            "Militants kidnapped a teacher from the school.",
            "kidnapped",
            "abducted",
            ["teacher"],
            ["Militants"],
        ),
        (
            "Police arrested nine protesters in the square.",
            "arrested",
            "detained",
            ["protesters"],
            ["Police"],
        ),
        ("Hundreds of families fled the town overnight.", "fled", "displaced", ["Hundreds"], []),
        ("Soldiers looted shops in the market.", "looted", "property", ["shops"], ["Soldiers"]),
        ("Troops shelled the village all night.", "shelled", "attacked", ["village"], ["Troops"]),
        ("Four people died in the fire.", "died", "killed", ["people"], []),
        ("Gunmen shot dead two guards.", "shot", "killed", ["guards"], ["Gunmen"]),
        ("Fighters set fire to the mosque.", "set", "property", ["mosque"], ["Fighters"]),
        ("Militants set the school on fire.", "set", "property", ["school"], ["Militants"]),
        ("Rebels fired rockets at the garrison.", "fired", "attacked", ["garrison"], ["Rebels"]),
    ],
)
def test_verb_triggers(
    sentence: str, word: str, kind: str, patients: list[str], agents: list[str]
) -> None:
    trig = _trigger(sentence, word)
    assert trig.kind == kind
    assert not trig.nominal
    assert _texts(trig.patients) == patients
    assert _texts(trig.agents) == agents


def test_passive_agent_comes_from_by_phrase() -> None:
    trig = _trigger("Three farmers were killed by soldiers on Monday.", "killed")
    assert (trig.kind, _texts(trig.patients), _texts(trig.agents)) == (
        "killed",
        ["farmers"],
        ["soldiers"],
    )


@pytest.mark.parametrize("order", [("at", "into", "on", "upon"), ("upon", "on", "into", "at")])
def test_what_was_fired_at_does_not_follow_the_word_set_order(
    monkeypatch: pytest.MonkeyPatch, order: tuple[str, ...]
) -> None:
    """The aimed-at prepositions are a set, whose order follows PYTHONHASHSEED; the
    patients come in text order, what follows the verb first, whatever that order."""
    monkeypatch.setattr(triggers, "_AT", order)
    trig = _trigger("Upon the arrival of two deputies, the man fired at the troopers.", "fired")
    assert (trig.kind, _texts(trig.patients)) == ("attacked", ["troopers", "arrival"])


@pytest.mark.parametrize(
    ("sentence", "word", "kind", "patients"),
    [
        ("Residents condemned the killing of three boys.", "killing", "killed", ["boys"]),
        ("An airstrike hit a bakery in the town.", "airstrike", "attacked", []),
        ("Witnesses described the looting of homes.", "looting", "property", ["homes"]),
        ("The kidnapping of two nurses shocked the town.", "kidnapping", "abducted", ["nurses"]),
        (
            "The assassination on 22 March of Ana Ortiz shocked the town.",
            "assassination",
            "killed",
            ["Ortiz"],
        ),
    ],
)
def test_noun_triggers(sentence: str, word: str, kind: str, patients: list[str]) -> None:
    trig = _trigger(sentence, word)
    assert trig.kind == kind
    assert trig.nominal
    assert _texts(trig.patients) == patients


@pytest.mark.parametrize(
    ("sentence", "word", "kind", "count"),
    [
        ("The clashes left 12 dead.", "dead", "killed", "12"),
        ("At least 20 dead in the raid.", "dead", "killed", "20"),
        ("The fighting left 9 dead and 14 wounded.", "dead", "killed", "9"),
    ],
)
def test_state_triggers(sentence: str, word: str, kind: str, count: str) -> None:
    trig = _trigger(sentence, word)
    assert trig.kind == kind
    assert _texts(trig.patients) == [count]


@pytest.mark.parametrize(
    ("sentence", "word", "kind", "count"),
    [
        ("The blast left 30 wounded.", "wounded", "injured", "30"),
        ("The blast left 30 injured.", "injured", "injured", "30"),
    ],
)
def test_left_number_participle_keeps_the_number(
    sentence: str, word: str, kind: str, count: str
) -> None:
    trig = _trigger(sentence, word)
    assert trig.kind == kind
    assert _texts(trig.patients) == [count]


def test_state_word_without_a_number_is_not_a_trigger() -> None:
    assert find_trigger(_token("The road was dead quiet.", "dead")) is None


@pytest.mark.parametrize(
    ("sentence", "kind", "number"),
    [
        ("The death toll rose to 45 on Sunday.", "killed", "45"),
        ("The toll reached 12 by Monday night.", "killed", "12"),
    ],
)
def test_toll_triggers(sentence: str, kind: str, number: str) -> None:
    trig = _trigger(sentence, "toll")
    assert trig.kind == kind
    assert trig.number is not None and trig.number.text == number


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The farmers walked to the market.", "walked"),
        ("The farmers walked to the market.", "market"),
        ("Officials met in the capital on Monday.", "met"),
        ("A strike by teachers closed the schools.", "strike"),  # a labour strike
        ("The toll road was closed.", "toll"),  # no number
        ("She said she was scared to death.", "death"),
        ("The mayor has received death threats.", "death"),
        ("He is on death row in Texas.", "death"),
    ],
)
def test_non_triggers(sentence: str, word: str) -> None:
    assert find_trigger(_token(sentence, word)) is None


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # plain past reports
        ("Gunmen killed three villagers on Monday.", "killed"),
        ("Two shepherds were wounded in the clashes.", "wounded"),
        ("Four people died in the fire.", "died"),
        ("Troops shelled the village all night.", "shelled"),
        # harm inside a report
        ("A local official said that gunmen killed three villagers.", "killed"),
        ("Police said that four men were arrested.", "arrested"),
        ("The rebels shelled the camp, the monitor reported.", "shelled"),
        # the means of a deed done, though its verb governs harm avoided elsewhere
        ("The prosecutor escaped by killing one of his captors.", "killing"),
    ],
)
def test_factual(sentence: str, word: str) -> None:
    assert is_factual(_trigger(sentence, word)) is True


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # negation
        ("The gunmen did not kill anyone.", "kill"),
        ("Nobody was killed in the blast.", "killed"),
        ("No one was killed.", "killed"),
        ("Police did not say that four men were arrested.", "arrested"),
        # modal
        ("The militia could kill more villagers.", "kill"),
        ("Civilians would be killed if the talks fail.", "killed"),
        # conditional
        ("If the army attacks, civilians will flee.", "attacks"),
        # infinitive and non-factual governors
        ("Gunmen arrived to kill the villagers.", "kill"),
        ("The rebels threatened to kill the hostages.", "kill"),
        ("The group plans to abduct aid workers.", "abduct"),
        ("The militia tried to abduct the mayor.", "abduct"),
        # prevented
        ("He was almost killed by a speeding car.", "killed"),
        ("The driver nearly died in the crash.", "died"),
    ],
)
def test_not_factual(sentence: str, word: str) -> None:
    assert is_factual(_trigger(sentence, word)) is False


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The army denied that its soldiers killed civilians.", "killed"),
        ("The army denied killing civilians.", "killing"),
    ],
)
def test_denied_harm_is_not_factual(sentence: str, word: str) -> None:
    assert is_factual(_trigger(sentence, word)) is False


@pytest.mark.parametrize(
    ("sentence", "word", "kind"),
    [
        ("A toddler was fatally wounded on Tuesday.", "wounded", "killed"),
        ("A man was shot dead in the market.", "shot", "killed"),
        ("Police said the teen was shot to death.", "shot", "killed"),
        ("Two men were shot near the school.", "shot", "injured"),
        ("Shots were fired at the car.", "fired", "attacked"),
        ("One woman was wounded in the attack.", "wounded", "injured"),
    ],
)
def test_fatal_wounding_is_a_killing(sentence: str, word: str, kind: str) -> None:
    assert _trigger(sentence, word).kind == kind


def test_coordinated_passive_verb_takes_the_first_verbs_patients() -> None:
    trig = _trigger("Two men were shot and killed by gunmen.", "killed")
    assert trig.kind == "killed"
    assert _texts(trig.patients) == ["men"]


def test_coordinated_active_verb_takes_the_first_verbs_agent() -> None:
    trig = _trigger("Gunmen stormed the village and killed 12 people.", "killed")
    assert _texts(trig.agents) == ["Gunmen"]


def test_fatal_part_of_a_shooting_is_a_killing() -> None:
    trig = _trigger("Five people were shot, two fatally.", "two")
    assert trig.kind == "killed"
    assert trig.whole is not None and trig.whole.text == "shot"
    assert find_trigger(_token("He said two fatally.", "two")) is None


@pytest.mark.parametrize(
    ("sentence", "word", "kind"),
    [
        ("The boy picked up the pistol and accidentally shot himself.", "shot", "injured"),
        ("Two teenage victims had been shot outside the store.", "shot", "injured"),
        ("A triple shooting happened on Elm Street.", "shooting", "injured"),
        ("He was charged with attempted murder of a deputy.", "murder", "attacked"),
        ("Shots were fired at the house.", "fired", "attacked"),
        ("The three farmers were beaten and robbed.", "beaten", "injured"),
    ],
)
def test_who_was_hit(sentence: str, word: str, kind: str) -> None:
    assert _trigger(sentence, word).kind == kind


@pytest.mark.parametrize(
    ("sentence", "word", "patients", "agents"),
    [
        ("A bomb exploded at the hotel early today.", "exploded", ["hotel"], []),
        ("A powerful bomb exploded in front of the bank.", "exploded", ["bank"], []),
        ("A dynamite charge went off at the telephone exchange.", "went", ["exchange"], []),
        (
            "Militants detonated a car bomb outside the embassy.",
            "detonated",
            ["embassy"],
            ["Militants"],
        ),
    ],
)
def test_a_bomb_going_off_attacks_where_it_went_off(
    sentence: str, word: str, patients: list[str], agents: list[str]
) -> None:
    trig = _trigger(sentence, word)
    assert trig.kind == "attacked"
    assert (_texts(trig.patients), _texts(trig.agents)) == (patients, agents)


def test_other_things_exploding_are_no_attack() -> None:
    doc = load_nlp()("The old tyre exploded on the motorway.")
    assert all(find_trigger(t) is None for t in doc)


def test_attempted_murder_charges_are_an_attack() -> None:
    trig = _trigger("He faces attempted murder charges after the shooting.", "murder")
    assert trig.kind == "attacked"


def test_beaten_to_death_is_read_on_the_verb() -> None:
    assert find_trigger(_token("The man was beaten to death.", "death")) is None
    assert _trigger("The man was beaten to death.", "beaten").kind == "killed"


def test_a_participle_sharing_its_object_with_the_next_verb_is_active() -> None:
    """ "Two assailants shot and injured X": the tagger's VBN makes "shot" look like a headline
    passive ("Two men shot in Chicago"), but it shares "injured"'s object, so its subject did
    the shooting and is no victim."""
    sentence = "Two assailants shot and injured Sayed Karim Dastan in Tarvo."
    trig = find_trigger(_token(sentence, "shot"))
    assert trig is None or "assailants" not in _texts(trig.patients)
    injured = _trigger(sentence, "injured")
    assert (injured.kind, _texts(injured.patients), _texts(injured.agents)) == (
        "injured",
        ["Dastan"],
        ["assailants"],
    )


@pytest.mark.parametrize(
    ("sentence", "word", "patients"),
    [
        # the subject hangs on "was", "flogged" taken for its complement
        ("The other prisoner was flogged and released the following week.", "flogged",
         ["prisoner"]),
        # "before being shot": the one shot is the subject of the clause it hangs on
        ("A teacher was seized at a market before being shot and killed.", "shot",
         ["teacher"]),
        ("A teacher was seized at a market before being shot and killed.", "killed",
         ["teacher"]),
    ],
)  # fmt: skip
def test_passive_subjects_the_parser_hangs_elsewhere(
    sentence: str, word: str, patients: list[str]
) -> None:
    assert _texts(_trigger(sentence, word).patients) == patients


def test_by_means_of_a_modal_deed_is_not_factual() -> None:
    trig = _trigger("Police could have stopped him by arresting the driver.", "arresting")
    assert is_factual(trig) is False
