"""Claims from hand-written sentences, parsed with the real model (no places, no dates)."""

from __future__ import annotations

import pytest

from harmledger.extract.claims import find_claims
from harmledger.extract.nlp import load_nlp
from harmledger.models import Claim, Span


def claims_of(text: str) -> tuple[Claim, ...]:
    return find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")


def only(text: str) -> Claim:
    found = claims_of(text)
    assert len(found) == 1, [(c.kind, c.count) for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "low", "best", "high", "qualifier"),
    [
        ("Gunmen killed 12 villagers in the raid.", "killed", 12, 12, 12, "exact"),
        ("At least 30 people were injured in the blast.", "injured", 30, 30, None, "at_least"),
        ("Between 6 and 8 civilians were killed by shelling.", "killed", 6, 7, 8, "range"),
        ("Dozens of residents were abducted by militants.", "abducted", 24, None, None, "vague"),
        ("Police arrested five protesters on Monday.", "detained", 5, 5, 5, "exact"),
        ("Thousands of families fled the fighting.", "displaced", 2000, None, None, "vague"),
        ("Up to 80 people died in the fire.", "killed", None, None, 80, "up_to"),
        ("Her husband and two sons were killed.", "killed", 3, 3, 3, "exact"),
        ("Nearly 100 civilians have been killed since March.", "killed", 100, 100, 100, "about"),
    ],
)
def test_counts_and_kinds(
    text: str, kind: str, low: int | None, best: int | None, high: int | None, qualifier: str
) -> None:
    claim = only(text)
    assert claim.kind == kind
    assert (claim.count.low, claim.count.best, claim.count.high) == (low, best, high)
    assert claim.count.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("If I had been late, I would have been killed.", "killed"),
        ("The army will not kill civilians.", "killed"),
        ("It is forbidden to attack anyone inside their homes.", "attacked"),
        ("He feared that he could be detained.", "detained"),
    ],
)
def test_non_factual_harm_is_not_a_claim(text: str, kind: str) -> None:
    assert [c for c in claims_of(text) if c.kind == kind] == []


def test_agent_victims_and_certainty() -> None:
    claim = only("Twelve villagers were killed by rebel fighters and government troops.")
    assert [p.span.text for p in claim.perpetrators] == ["rebel fighters", "government troops"]
    assert {p.certainty for p in claim.perpetrators} == {"alleged"}
    assert [v.span.text for v in claim.victims] == ["villagers"]
    assert claim.victims[0].civilian is True


def test_identity_group_of_victims() -> None:
    claim = only("Over 40 Yazidi civilians were killed by militants.")
    assert claim.victims[0].group == "Yazidi"
    assert claim.count.span is not None and claim.count.span.text == "Over 40"


def test_according_to_source_and_relay() -> None:
    text = "A doctor, Amal Nasser, told Reuters that four children were killed by the strike."
    claim = only(text)
    assert claim.attribution is not None
    assert claim.attribution.source.text == "Amal Nasser"
    assert [r.text for r in claim.attribution.relay] == ["Reuters"]
    assert claim.attribution.source_type == "medical"


def test_definite_noun_adds_to_the_earlier_claim() -> None:
    text = (
        "Militants killed 14 farmers, the governor said.\n\n"
        "The killings took place in two villages near the river."
    )
    found = claims_of(text)
    assert len(found) == 1
    assert found[0].count.best == 14


def test_property_claim_has_targets_not_a_count() -> None:
    claim = only("Armed men looted shops and houses in the market.")
    assert claim.kind == "property"
    assert [t.text for t in claim.targets] == ["shops", "houses"]
    assert claim.count.low is None


def test_every_span_slices_the_text() -> None:
    text = (
        "According to the health ministry, at least 21 people were killed and 40 injured "
        "when jets bombed the market. Residents said gunmen abducted three teachers."
    )
    for claim in claims_of(text):
        spans = [claim.span, claim.trigger, *(v.span for v in claim.victims)]
        spans += [p.span for p in claim.perpetrators] + list(claim.targets)
        if claim.count.span:
            spans.append(claim.count.span)
        if claim.attribution:
            spans.append(claim.attribution.source)
        for span in spans:
            assert text[span.start : span.end] == span.text


def _kinds(text: str) -> dict[str, tuple[int | None, str | None]]:
    return {
        c.kind: (c.count.best, c.count.span.text if c.count.span else None) for c in claims_of(text)
    }


@pytest.mark.parametrize(
    ("text", "killed", "injured", "span"),
    [
        ("Five people were shot, two fatally, in Chicago.", 2, 3, "Five people were shot, two"),
        ("Four people were wounded, one mortally.", 1, 3, "Four people were wounded, one"),
        ("Police said 12 were shot, four fatally.", 4, 8, "12 were shot, four"),
    ],
)
def test_fatal_part_of_those_harmed(text: str, killed: int, injured: int, span: str) -> None:
    found = _kinds(text)
    assert found["killed"][0] == killed
    assert found["injured"] == (injured, span)  # the difference, from both figures


def test_coordinated_verb_shares_the_subject_and_ordinal_is_one_more() -> None:
    found = _kinds("Two men were shot and killed and a third was wounded in Tulsa.")
    assert found["killed"] == (2, "Two")
    assert found["injured"] == (1, "a third")


def test_another_is_one_person() -> None:
    assert _kinds("Another was injured.")["injured"][0] == 1


def test_a_third_of_the_town_is_not_one_person() -> None:
    found = _kinds("A third of the houses were destroyed.")
    assert all(best != 1 for best, _ in found.values())


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The victim suffered non-life-threatening injuries.", "injured"),
        ("A man was taken to the hospital with serious injuries.", "injured"),
        ("She was killed in the attack.", "killed"),
    ],
)
def test_one_person_holds_the_injuries_or_is_a_pronoun(text: str, kind: str) -> None:
    assert _kinds(text)[kind][0] == 1


def test_plural_pronoun_is_no_figure() -> None:
    assert _kinds("They were injured.")["injured"][0] is None


def test_one_person_shot_who_died_is_one_death_not_an_injury() -> None:
    found = claims_of("A man was shot on Main Street on Tuesday. He died at the hospital.")
    assert [(c.kind, c.count.best) for c in found] == [("killed", 1)]
    assert found[0].victims  # "A man", from the shooting


def test_two_shot_and_one_died_keeps_the_wounding() -> None:
    found = claims_of("Two men were shot on Friday. He died later.")
    assert sorted((c.kind, c.count.best) for c in found) == [("injured", 2), ("killed", 1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The victim was pronounced dead at the scene.", {"killed": 1}),
        ("Police found a man dead in his car.", {"killed": 1}),
        ("The shooting left one man dead and two others injured.", {"killed": 1, "injured": 2}),
    ],
)
def test_deaths_told_as_states(text: str, expected: dict[str, int]) -> None:
    assert {k: v[0] for k, v in _kinds(text).items()} == expected


def test_fatal_shooting_is_a_killing_and_a_place_is_not_a_person() -> None:
    found = _kinds("Police are investigating a fatal shooting on the South Side.")
    assert list(found) == ["killed"]
    assert found["killed"][0] is None  # no figure: "the South Side" is not one person


def test_the_dead_named_again_as_shot_is_no_new_injury() -> None:
    text = "A boy was shot and killed Monday. Lyons said the boy was shot with a handgun."
    assert [(c.kind, c.count.best) for c in claims_of(text)] == [("killed", 1)]


def test_a_new_person_shot_beside_a_death_is_an_injury() -> None:
    text = "A man was shot and killed Sunday. A woman was also shot and is in stable condition."
    kinds = sorted((c.kind, c.count.best) for c in claims_of(text))
    assert kinds == [("injured", 1), ("killed", 1)]


@pytest.mark.parametrize(
    "text",
    ["The investigation into the child's death is ongoing.", "His death was ruled a homicide."],
)
def test_whose_death_is_one_person(text: str) -> None:
    assert _kinds(text)["killed"][0] == 1


def test_their_deaths_have_no_figure() -> None:
    assert _kinds("Their deaths shocked the town.")["killed"][0] is None


def test_a_reflexive_victim_is_one_person() -> None:
    claim = only("Afterward, the gunman went home and killed himself.")
    assert (claim.kind, claim.count.low, claim.count.high) == ("killed", 1, 1)


def test_a_multiple_shooting_counts_the_people_shot() -> None:
    claim = only("A quadruple shooting happened in the city on Wednesday night.")
    assert (claim.kind, claim.count.low, claim.count.high) == ("injured", 4, 4)
    assert claim.count.span is not None and claim.count.span.text == "quadruple"


@pytest.mark.parametrize(
    ("text", "kind", "low"),
    [
        (
            "Gunfire at the complex left two women dead and three other people wounded.",
            "injured",
            3,
        ),
        ("Rosa Delgado was critically injured in the blast.", "injured", 1),
        ("Police say four people were hit in an overnight shooting.", "injured", 4),
    ],
)
def test_more_ways_to_count_the_hurt(text: str, kind: str, low: int) -> None:
    claim = next(c for c in claims_of(text) if c.kind == kind)
    assert (claim.count.low, claim.count.high) == (low, low)


def test_hit_without_gunfire_is_no_harm() -> None:
    assert claims_of("The storm hit the city on Monday.") == ()


@pytest.mark.parametrize(
    ("text", "low"),
    [
        ("Both men died from their injuries.", 2),
        ("The sheriff said both died at the scene.", 2),
        ("A woman shot her 5-year-old son and then herself.", 2),
    ],
)
def test_both_and_reflexives_are_counted(text: str, low: int) -> None:
    claim = claims_of(text)[0]
    assert (claim.count.low, claim.count.high) == (low, low)


def test_an_attacks_outcome_keeps_what_it_hit() -> None:
    claim = only("Gunmen attacked the bus, killing three passengers.")
    assert claim.kind == "killed"
    assert [t.text for t in claim.targets] == ["bus"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A bomb caused an explosion at the bank.", [("attacked", ["bank"])]),
        ("A gas explosion at the factory damaged the roof.", [("property", ["roof"])]),
    ],
)
def test_explosions_of_bombs_are_attacks(text: str, expected: list[tuple[str, list[str]]]) -> None:
    assert [(c.kind, [t.text for t in c.targets]) for c in claims_of(text)] == expected


def test_an_attacks_outcome_takes_its_attackers() -> None:
    claim = only("An ambush by rebels on the road killed four soldiers.")
    assert (claim.kind, [p.span.text for p in claim.perpetrators]) == ("killed", ["rebels"])


@pytest.mark.parametrize(
    ("text", "kind", "low", "best", "high"),
    [
        ("Nine people were killed and another 14 were wounded.", "injured", 14, 14, 14),
        ("9 killed and another 14 wounded.", "injured", 14, 14, 14),
        ("Four men and three women were killed.", "killed", 7, 7, 7),
        ("The bomber and six civilians were killed.", "killed", 7, 7, 7),
        ("The driver was not harmed, but four people were killed.", "killed", 4, 4, 4),
        ("Okafor and a guard were killed in the blast.", "killed", 2, 2, 2),
        ("Bello, a teacher, was shot and killed after the raid.", "killed", 1, 1, 1),
        ("Ndiaye, a police commander, was killed along with two officers.", "killed", 3, 3, 3),
        ("At least five assailants and eight officers were killed.", "killed", 13, 13, None),
        ("Two guards died and 31 wounded people had been admitted.", "injured", 31, 31, 31),
        ("Gunmen abducted an unknown number of villagers.", "abducted", None, None, None),
        ("An unknown number were detained.", "detained", None, None, None),
        ("Raiders killed two herders and 40 cattle.", "killed", 2, 2, 2),
        ("Police said a number of persons had been abducted.", "abducted", 2, None, None),
    ],
)
def test_counts_a_careful_reader_gets(
    text: str, kind: str, low: int | None, best: int | None, high: int | None
) -> None:
    claim = next(c for c in claims_of(text) if c.kind == kind)
    assert (claim.count.low, claim.count.best, claim.count.high) == (low, best, high)


def test_animals_killed_are_no_people_killed() -> None:
    kinds = [c.kind for c in claims_of("30 goats were killed in the raid.")]
    assert "property" in kinds and "killed" not in kinds


def test_two_sources_two_figures_stay_two_claims() -> None:
    text = "A local chief said five died, but a survivor said as many as 22 were killed."
    counts = [(c.count.low, c.count.high) for c in claims_of(text) if c.kind == "killed"]
    assert counts == [(5, 5), (None, 22)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An Iskarian drone strike killed four people on the road.", ["Iskarian"]),
        ("Borovian army shelling killed nine civilians in the town.", ["Borovian army"]),
        ("Coalition air raids killed 12 people at a wedding.", ["Coalition"]),
        ("Government warplanes killed seven villagers.", ["Government warplanes"]),
        ("Five people were killed in a Borovian strike on a house.", ["Borovian"]),
        ("Four soldiers were killed a day after rebels fired a missile at the capital.", []),
        ("Assailants killed three guards at the gate.", []),
        ("Red Hand assailants killed three guards.", ["Red Hand assailants"]),
    ],
)
def test_blame_as_the_text_gives_it(text: str, expected: list[str]) -> None:
    claim = next(c for c in claims_of(text) if c.kind == "killed")
    assert [p.span.text for p in claim.perpetrators] == expected
    assert all(p.certainty == "alleged" for p in claim.perpetrators)


def test_where_the_harmed_were_taken_is_no_place_of_the_harm() -> None:
    text = "The two wounded guards were taken back to Zarvan for treatment."
    i = text.index("Zarvan")
    found = find_claims(
        load_nlp()(text), text, [Span.of(text, i, i + 6)], lambda _t: None, extractor="t"
    )
    assert [c.places for c in found if c.kind == "injured"] == [()]
    text = "Two guards were wounded in Zarvan on Friday."
    i = text.index("Zarvan")
    found = find_claims(
        load_nlp()(text), text, [Span.of(text, i, i + 6)], lambda _t: None, extractor="t"
    )
    assert [[p.text for p in c.places] for c in found if c.kind == "injured"] == [["Zarvan"]]
