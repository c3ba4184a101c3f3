"""Victims, targets and counts of a trigger's patients, on hand-written sentences."""

from __future__ import annotations

import pytest

from harmledger.extract.nlp import load_nlp
from harmledger.extract.patients import (
    animals_only,
    consistent_part,
    count_excluding_attackers,
    normalise_patients,
    split_patients,
    victims_and_count,
)
from harmledger.extract.triggers import Trigger, find_trigger
from harmledger.models import Count


def trigger(text: str, word: str) -> Trigger:
    doc = load_nlp()(text)
    found = find_trigger(next(t for t in doc if t.text == word))
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("text", "word", "victims", "best"),
    [
        ("Five assailants and six guards were killed.", "killed", ["assailants", "guards"], 11),
        ("Musa was killed along with two of his sons.", "killed", ["Musa", "his sons"], 3),
        ("Raiders killed two herders and 40 cattle.", "killed", ["herders"], 2),
    ],
)  # fmt: skip
def test_victims_and_count(text: str, word: str, victims: list[str], best: int) -> None:
    text_victims, count = victims_and_count(text, trigger(text, word))
    assert [v.span.text for v in text_victims] == victims
    assert count.best == best


def test_things_are_targets() -> None:
    text = "Militants burned homes and shops."
    victims, targets = split_patients(text, trigger(text, "burned"))
    assert victims == [] and [t.text for t in targets] == ["homes", "shops"]


def test_animals_only() -> None:
    assert animals_only(trigger("Gunmen killed 30 goats.", "killed"))
    assert not animals_only(trigger("Gunmen killed two herders and 30 goats.", "killed"))


def test_a_dateline_is_no_victim() -> None:
    from harmledger.extract.rules import make_rule_extractor
    from harmledger.models import Document

    text = (
        "Shelling hits a market\n\nKHERSON, Ukraine - At least 12 civilians were killed and "
        "dozens wounded on Friday when shells struck the market, regional officials said."
    )
    claims = make_rule_extractor().extract(Document("d", "t", "text", text)).claims
    killed = next(c for c in claims if c.kind == "killed")
    assert (killed.count.low, killed.count.high) == (12, None)
    assert [v.span.text for v in killed.victims] == ["civilians"]


def _count(text: str) -> tuple[int | None, int | None, str]:
    from harmledger.extract.claims import find_claims

    claims = find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")
    killed = [c for c in claims if c.kind == "killed"]
    assert len(killed) == 1
    count = killed[0].count
    return count.low, count.high, count.qualifier


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        # a list the parser hangs on its first item as an apposition
        ("Two guards, one driver, and three gunmen were killed in the raid.", 6, 6),
        # the items after "N people" say who they were, not more of them
        ("Three people, two nurses and a farmer, were killed in the raid.", 3, 3),
        # an "including" list whose last item is parsed as a second subject
        ("Nine people, including a nurse, two teachers, and six gunmen were killed.", 9, 9),
        # the subject parsed as an apposition or conjunct of "in addition to the bomber"
        ("In addition to the bomber, 14 people, including pupils, were killed.", 15, 15),
        ("In addition to the bomber, one guard and two pilgrims were killed.", 4, 4),
        # "along with" a coordination
        ("The mayor was killed along with his driver and two guards.", 4, 4),
        # the list's first item hung on the verb as a modifier
        ("Two sisters, their aunt and a driver were shot dead when gunmen stormed a house in "
         "the village of Zarvan in the north of Kelvaria on Sunday, a rights group said.", 4, 4),
    ],
)  # fmt: skip
def test_lists_of_victims_are_counted_once(text: str, low: int, high: int) -> None:
    assert _count(text)[:2] == (low, high)


def test_in_addition_to_the_bomber_adds_him_to_the_dead_only() -> None:
    from harmledger.extract.claims import find_claims

    text = "In addition to the bomber, four pilgrims were wounded in the blast."
    claims = find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")
    assert [(c.kind, c.count.best) for c in claims] == [("injured", 4)]


@pytest.mark.parametrize(
    "text",
    [
        "Tarek, a retired engineer, was killed in the blast.",
        "Okonjo, the deputy manager of the depot, was killed in the attack.",
    ],
)
def test_a_name_with_its_role_is_one_person(text: str) -> None:
    assert _count(text) == (1, 1, "exact")


def test_a_name_before_and_n_others_is_counted_though_the_parser_drops_it() -> None:
    text = (
        "A bomb detonated targeting Arvo Teska, a religious scholar, in Korvel. "
        "Teska and two others were killed in the blast."
    )
    assert _count(text) == (3, 3, "exact")


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("At least 24 soldiers and 18 assailants were killed in the clash.", "killed",
         (24, 24, None, "at_least")),
        ("At least 14 assailants and one police officer were killed.", "killed",
         (1, 1, 1, "exact")),
        ("In addition to the bomber, at least 21 people were killed.", "killed",
         (21, 21, None, "at_least")),
        ("The bomber and six civilians were killed.", "killed", (6, 6, 6, "exact")),
        ("One police officer, one soldier, and three assailants were killed.", "killed",
         (2, 2, 2, "exact")),
        ("Five assailants were killed.", "killed", (0, 0, 0, "exact")),
        ("Four soldiers and two civilians were killed.", "killed", None),
        ("At least seven people, including two soldiers and five assailants, were killed.",
         "killed", None),
    ],
)  # fmt: skip
def test_count_excluding_attackers(
    text: str, word: str, expected: tuple[int | None, int | None, int | None, str] | None
) -> None:
    found = count_excluding_attackers(text, normalise_patients(trigger(text, word)))
    got = None if found is None else (found.low, found.best, found.high, found.qualifier)
    assert got == expected


def test_the_dateline_is_no_agent_beside_the_real_one() -> None:
    text = "KUNDUZ, Afghanistan - Gunmen attacked a police post in the district on Monday."
    found = normalise_patients(trigger(text, "attacked"))
    assert [a.text for a in found.agents] == ["Gunmen"]


def test_a_part_larger_than_an_unknown_whole_is_dropped() -> None:
    some = Count(2, None, None, "plural")
    assert consistent_part(Count(1, None, None, "unknown"), some) is None
    assert consistent_part(Count(15, 15, None, "at_least"), Count(4, 4, None, "at_least"))
    assert consistent_part(Count(3, 3, 3, "exact"), Count(4, 4, 4, "exact")) is None
    zero = Count(0, 0, 0, "exact")
    assert consistent_part(Count(None, None, None, "unknown"), zero) == zero


def test_deer_are_animals() -> None:
    assert animals_only(trigger("Hunters killed 90,280 deer over the weekend.", "killed"))


def test_a_time_is_no_target() -> None:
    text = "It was one of two related rocket attacks in Korvel on this date."
    _victims, targets = split_patients(text, trigger(text, "attacks"))
    assert [t.text for t in targets] == []


def test_a_gallerys_caption_counts_no_one() -> None:
    text = "Photo 7 of 12 A man died Friday evening after being shot inside a car."
    trig = normalise_patients(trigger(text, "died"))
    assert all(p.lower_ != "photo" for p in trig.patients)
    _victims, count = victims_and_count(text, trig)
    assert count.best != 7


def test_one_standing_alone_is_one_person() -> None:
    text = "At least two officers were killed, one was injured, and ten were abducted."
    _victims, count = victims_and_count(text, trigger(text, "injured"))
    assert (count.low, count.high) == (1, 1)


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        ("Raiders poisoned the well in Korvel. At least 30 pupils fell ill.", True),
        ("The minister fell ill and was taken to hospital.", False),
        ("Militiamen lashed six civilians in the market.", True),
    ],
)
def test_people_poisoned_or_lashed_are_injured(text: str, injured: bool) -> None:
    doc = load_nlp()(text)
    kinds = [t.kind for t in (find_trigger(tok) for tok in doc) if t is not None]
    assert ("injured" in kinds) is injured


def test_the_name_the_parser_leaves_out_of_and_n_others_is_added() -> None:
    """The parse of a dev sentence, rebuilt with invented names: the second "Teska" taken
    for an adjective and the sentence's root, "two others" the subject on its own."""
    from spacy.tokens import Doc

    from harmledger.extract.patients import victims_and_count

    words = ["Arvo", "Teska", "was", "named", ".", "Teska", "and", "two", "others", "were",
             "killed", "."]  # fmt: skip
    heads = [1, 3, 3, 3, 3, 5, 5, 8, 10, 10, 5, 5]
    deps = ["compound", "nsubjpass", "auxpass", "ROOT", "punct", "ROOT", "cc", "nummod",
            "nsubjpass", "auxpass", "conj", "punct"]  # fmt: skip
    tags = ["NNP", "NNP", "VBD", "VBN", ".", "JJ", "CC", "CD", "NNS", "VBD", "VBN", "."]
    pos = ["PROPN", "PROPN", "AUX", "VERB", "PUNCT", "ADJ", "CCONJ", "NUM", "NOUN", "AUX",
           "VERB", "PUNCT"]  # fmt: skip
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-CARDINAL", "O", "O", "O", "O"]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos,
              ents=ents, sent_starts=[True, *[False] * 4, True, *[False] * 6])  # fmt: skip
    trig = Trigger(doc[10], "killed", patients=[doc[8]])
    count = victims_and_count(doc.text, trig)[1]
    assert (count.low, count.high, count.qualifier) == (3, 3, "exact")
    assert count.span is not None and count.span.text == "Teska and two others"


def test_the_speakers_of_a_trailing_said_are_no_victims() -> None:
    """ "killing 7 shoppers, traders and an official said", parsed with the speakers as more
    objects (a parse rebuilt by hand, invented words): the count is the shoppers'."""
    from spacy.tokens import Doc

    from harmledger.extract.patients import split_patients, victims_and_count

    words = ["A", "rocket", "killed", "7", "shoppers", ",", "traders", "and", "an", "official",
             "said", "."]  # fmt: skip
    heads = [1, 2, 2, 4, 2, 4, 4, 6, 9, 6, 10, 10]
    deps = ["det", "nsubj", "ROOT", "nummod", "dobj", "punct", "conj", "cc", "det", "conj",
            "ROOT", "punct"]  # fmt: skip
    tags = ["DT", "NN", "VBD", "CD", "NNS", ",", "NNS", "CC", "DT", "NN", "VBD", "."]
    pos = ["DET", "NOUN", "VERB", "NUM", "NOUN", "PUNCT", "NOUN", "CCONJ", "DET", "NOUN",
           "VERB", "PUNCT"]  # fmt: skip
    lemmas = ["a", "rocket", "kill", "7", "shopper", ",", "trader", "and", "an", "official",
              "say", "."]  # fmt: skip
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos,
              lemmas=lemmas)  # fmt: skip
    trig = Trigger(doc[2], "killed", patients=[doc[4]])
    count = victims_and_count(doc.text, trig)[1]
    assert (count.low, count.high, count.qualifier) == (7, 7, "exact")
    assert [v.span.text for v in split_patients(doc.text, trig)[0]] == ["shoppers"]
    # with a subject of its own, "said" takes nothing from the list
    doc2 = Doc(load_nlp().vocab, words=[*words[:10], "he", "said", "."],
               heads=[*heads[:10], 11, 11, 11], deps=[*deps[:10], "nsubj", "ROOT", "punct"],
               tags=[*tags[:10], "PRP", "VBD", "."], pos=[*pos[:10], "PRON", "VERB", "PUNCT"],
               lemmas=[*lemmas[:10], "he", "say", "."])  # fmt: skip
    trig2 = Trigger(doc2[2], "killed", patients=[doc2[4]])
    assert len(split_patients(doc2.text, trig2)[0]) == 3


def test_machines_shot_down_are_no_claim() -> None:
    from harmledger.extract.claims import find_claims

    text = "The air force said it had shot down 30 of the 45 drones launched overnight."
    claims = find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")
    assert not [c for c in claims if c.kind in {"killed", "injured", "property"}]
    text = "Gunmen shot dead two guards and 30 goats."
    claims = find_claims(load_nlp()(text), text, [], lambda _t: None, extractor="test.v1")
    assert [(c.kind, c.count.best) for c in claims if c.kind == "killed"] == [("killed", 2)]
