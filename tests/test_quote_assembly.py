"""Assembling quotes: nested indirect quotes, speakers carried over, source phrases that add
nothing, and one record per attribution (:mod:`harmledger.extract.quote_assembly`)."""

from __future__ import annotations

import pytest

from harmledger.extract.nlp import load_nlp
from harmledger.extract.quote_assembly import Draft, attributions, carry_over, same_ground
from quotetexts import quote_with, quotes_of, text_of


@pytest.mark.parametrize(
    ("text", "parts", "speaker"),
    [
        (
            "“We ran toward the river,” Karim Nasser told reporters. “Nobody stopped to help us.”",
            ["We ran toward the river", "Nobody stopped to help us."],
            "Karim Nasser",
        ),
        (
            "“We will rebuild,” said the mayor. “It will take years.”",
            ["We will rebuild", "It will take years."],
            "mayor",
        ),
    ],
)
def test_split_quote_gives_one_quote_per_stretch(text: str, parts: list[str], speaker: str) -> None:
    quotes = quotes_of(text)
    assert [q.content.text for q in quotes] == parts
    assert {text_of(q.speaker) for q in quotes} == {speaker}
    assert len({q.cue for q in quotes}) == 1
    grouped = attributions(quotes, text)
    assert len(grouped) == 1
    assert grouped[0].content.text.startswith(parts[0])
    assert grouped[0].content.text.endswith(parts[-1])


def test_according_to_keeps_the_statement_it_frames() -> None:
    text = (
        "According to the report, the minister of the interior, who spoke on Friday after a "
        "long meeting, said the border would stay closed."
    )
    quotes = quotes_of(text)
    outer = [q for q in quotes if text_of(q.cue) == "According to"]
    assert len(outer) == 1
    assert outer[0].content.text.endswith("said the border would stay closed")
    assert text_of(outer[0].speaker) == "report"
    inner = quote_with(quotes, "the border would stay closed")
    assert text_of(inner.cue) == "said"
    assert "minister" in (text_of(inner.speaker) or "")


def test_quote_without_a_cue_keeps_the_speaker_of_the_quote_before_it() -> None:
    text = (
        "“We will rebuild every school,” she said. The plan was announced in March.\n\n"
        "“The money is already in the budget and the contracts are signed, every single one.”"
    )
    quote = quote_with(
        quotes_of(text),
        "The money is already in the budget and the contracts are signed, every single one.",
    )
    assert quote.cue is None
    assert text_of(quote.speaker) == "she"


def test_quote_without_a_cue_far_from_any_speaker_stays_unattributed() -> None:
    text = (
        "“We will rebuild every school,” she said.\n\nThe plan was announced in March.\n\n"
        "Roads were repaired in April.\n\n"
        "“The money is already in the budget and the contracts are signed, every single one.”"
    )
    quote = quote_with(
        quotes_of(text),
        "The money is already in the budget and the contracts are signed, every single one.",
    )
    assert quote.speaker is None


def test_same_ground_when_half_the_source_content_is_covered() -> None:
    assert same_ground((0, 10), (5, 30))
    assert not same_ground((0, 10), (6, 30))


def test_carry_over_reaches_two_paragraphs_up_at_most() -> None:
    head = load_nlp()("She spoke.")[0]
    first = Draft((0, 5), True, speaker_head=head, line=0)
    near = Draft((10, 15), True, line=2)
    far = Draft((20, 25), True, line=5)
    carry_over([first, near, far])
    assert near.speaker_head is head
    assert far.speaker_head is None


def test_nested_cue_inside_another_indirect_quote_is_dropped() -> None:
    text = "The mayor said residents believed the water was safe."
    quotes = quotes_of(text)
    assert [(q.content.text, text_of(q.cue)) for q in quotes] == [
        ("residents believed the water was safe", "said")
    ]


def test_attributions_keep_quotes_without_a_cue_apart() -> None:
    text = (
        "“The first long quote without any cue at all here.” "
        "“The second long quote, again without any cue.”"
    )
    quotes = quotes_of(text)
    assert len(quotes) == 2
    assert len(attributions(quotes, text)) == 2
