"""Victims, targets and counts of a trigger's patients, on hand-written sentences."""

from __future__ import annotations

import pytest

from harmledger.extract.nlp import load_nlp
from harmledger.extract.patients import animals_only, split_patients, victims_and_count
from harmledger.extract.triggers import Trigger, find_trigger


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
