"""A report's tolls told in parts add up; a restated toll does not."""

from __future__ import annotations

from dataclasses import replace

import pytest

from harmledger.link.additive import add_up, is_additive
from harmledger.models import Actor, Claim, Count, Span


def claim(sentence: str, trigger: str, start: int = 0, victim: str | None = None) -> Claim:
    at = sentence.index(trigger)
    victims = ()
    if victim is not None:
        v = sentence.index(victim)
        victims = (Actor(Span(start + v, start + v + len(victim), victim)),)
    return Claim(
        kind="killed",
        span=Span(start, start + len(sentence), sentence),
        trigger=Span(start + at, start + at + len(trigger), trigger),
        count=Count(1, 1, 1, "exact"),
        victims=victims,
    )


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Additionally, at least 13 gunmen were killed after police returned fire.", "killed",
         True),
        ("In addition, one guard was killed and two were wounded.", "killed", True),
        ("Two soldiers were also killed.", "killed", True),
        ("Another three villagers were killed in the afternoon.", "killed", True),
        ("Two more bodies were found and two more people killed.", "killed", True),
        ("At least 12 people were killed, officials said.", "killed", False),
        ("Officials said more than 20 people were killed.", "killed", False),
        ("The dead included three children and two women who were killed.", "killed", False),
    ],
)  # fmt: skip
def test_is_additive(sentence: str, trigger: str, expected: bool) -> None:
    assert is_additive(claim(sentence, trigger)) is expected


def _sum(first: int, more: list[int]) -> int:
    return first + sum(more)


def test_add_up_sums_the_parts_told_after_the_main_figure() -> None:
    five = claim("Five officers were killed in the attack.", "killed", victim="officers")
    more = claim("Additionally, 13 gunmen were killed later.", "killed", 50, victim="gunmen")
    assert add_up([(five, 5), (more, 13)], size=lambda f: f, combine=_sum) == 18


@pytest.mark.parametrize(
    ("main_victim", "added_victim"),
    [
        ("people", "woman"),  # a summary of anyone, then the victims one by one
        ("officers", None),  # an addition that names no one
        ("officers", "officers"),  # the same people again
    ],
)
def test_add_up_adds_only_people_surely_not_counted(
    main_victim: str, added_victim: str | None
) -> None:
    main = claim(f"Three {main_victim} were killed in the attack.", "killed", victim=main_victim)
    text = f"A {added_victim or 'man'} was also killed."
    more = claim(text, "killed", 60, victim=added_victim)
    assert add_up([(main, 3), (more, 1)], size=lambda f: f, combine=_sum) == 3


def test_add_up_without_additions_is_the_largest_figure() -> None:
    lead = claim("Twelve people were killed in the blast.", "killed")
    again = claim("Police said 12 people were killed.", "killed", start=60)
    small = claim("Three children were killed.", "killed", start=120)
    figures = [(lead, 12), (again, 12), (small, 3)]
    assert add_up(figures, size=lambda f: f, combine=_sum) == 12


def test_an_addition_before_the_main_figure_is_not_added() -> None:
    extra = claim("Also killed was a driver.", "killed")
    lead = claim("Twelve people were killed in the blast.", "killed", start=40)
    assert add_up([(extra, 1), (lead, 12)], size=lambda f: f, combine=_sum) == 12


def test_more_beside_the_main_figure_in_its_sentence_adds_up() -> None:
    sentence = "We counted seven bodies at dawn and two more people died at the hospital."
    bodies = claim(sentence, "counted")
    more = claim(sentence, "died", victim="people")
    assert add_up([(bodies, 7), (more, 2)], size=lambda f: f, combine=_sum) == 9


def _with_attackers(c: Claim, left: int | None) -> Claim:
    xa = None if left is None else Count(left, left, left, "exact")
    return replace(c, excluding_attackers=xa)


def test_attackers_killed_apart_add_to_the_victims() -> None:
    """ "Five assailants were killed in the clash and a civilian was killed when a mortar hit
    a house": the attackers are surely other people than the civilian."""
    five = _with_attackers(claim("Five assailants were killed in the clash.", "killed"), 0)
    one = claim("A civilian was killed when a mortar struck a house.", "killed", 60, "civilian")
    assert add_up([(five, 5), (one, 1)], size=lambda f: f, combine=_sum) == 6


@pytest.mark.parametrize(
    ("sentence", "left"),
    [
        ("At least 14 people were killed, including the two assailants.", None),
        ("In addition to the bomber, 11 people were killed.", 11),
    ],
)
def test_a_toll_that_counts_attackers_already_is_not_added_to(
    sentence: str, left: int | None
) -> None:
    main = _with_attackers(claim(sentence, "killed", 0, "people"), left)
    bomber = _with_attackers(claim("The third assailant was shot and killed.", "killed", 90), 0)
    assert add_up([(main, 14), (bomber, 1)], size=lambda f: f, combine=_sum) == 14


def test_in_addition_to_someone_adds_to_nothing_told_before() -> None:
    """ "In addition to the bomber, 11 people were killed" counts the bomber itself."""
    assert not is_additive(claim("In addition to the bomber, 11 people were killed.", "killed"))


def test_a_man_shot_dead_may_be_the_gunman_himself() -> None:
    """ "The fatal police shooting of a man ... killing the gunman": one death, told twice."""
    man = claim("Police shot dead a man who had fired at them.", "shot", 0, "man")
    gunman = _with_attackers(claim("Officers returned fire, killing the gunman.", "killing", 50), 0)
    assert add_up([(man, 1), (gunman, 1)], size=lambda f: f, combine=_sum) == 1


def test_the_bomber_blamed_for_the_deaths_died_too() -> None:
    """ "A suicide bomber ... killing six people": the bomber who died is the one blamed."""
    text = "A suicide bomber detonated at the gate, killing six people."
    bomber_span = Span(2, 16, "suicide bomber")
    bomber = _with_attackers(replace(claim(text, "detonated"), victims=(Actor(bomber_span),)), 0)
    six = replace(
        claim(text, "killing", 0, "people"), perpetrators=(Actor(Span(0, 16, text[:16])),)
    )
    assert add_up([(bomber, 1), (six, 6)], size=lambda f: f, combine=_sum) == 7
