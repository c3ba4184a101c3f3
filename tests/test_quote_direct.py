"""Direct quotes: the cue and speaker next to a quoted stretch, signatures, transcript labels,
quotes continued from the one before; and the helpers of :mod:`harmledger.extract.quote_direct`."""

from __future__ import annotations

import pytest

from harmledger.extract.nlp import load_nlp
from harmledger.extract.quote_assembly import Draft
from harmledger.extract.quote_direct import StretchCues, continues, direct_target, previous
from harmledger.extract.quote_marks import Stretch, quoted_stretches
from quotetexts import assert_spans_slice, quote_with, quotes_of, text_of

SAID = "The water ran out on the third day"


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        (f"“{SAID},” said Karim Nasser.", SAID, "said", "Karim Nasser"),
        (f"“{SAID},” Karim Nasser said.", SAID, "said", "Karim Nasser"),
        (f"“{SAID},” Karim Nasser told reporters.", SAID, "told", "Karim Nasser"),
        (f"Karim Nasser said: “{SAID}.”", f"{SAID}.", "said", "Karim Nasser"),
        (f"Karim Nasser said, “{SAID}.”", f"{SAID}.", "said", "Karim Nasser"),
        (f'"{SAID}," said Karim Nasser.', SAID, "said", "Karim Nasser"),
        (f"''{SAID},'' said Karim Nasser.", SAID, "said", "Karim Nasser"),
        (f"“{SAID},” said the mayor.", SAID, "said", "mayor"),
    ],
)
def test_direct_quote_with_speaker_before_or_after(
    text: str, content: str, cue: str, speaker: str
) -> None:
    quotes = quotes_of(text)
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote.direct
    assert quote.content.text == content
    assert text_of(quote.cue) == cue
    assert text_of(quote.speaker) == speaker


def test_quote_continued_in_next_paragraph_keeps_speaker() -> None:
    text = (
        "“Every road out of the city was blocked by checkpoints,” said Karim Nasser, a teacher."
        "\n\n“We waited for three days before anyone let us through.”"
    )
    quote = quote_with(quotes_of(text), "We waited for three days before anyone let us through.")
    assert text_of(quote.speaker) == "Karim Nasser"


def test_quote_without_findable_speaker() -> None:
    text = "“The night the shelling started, nobody in the village slept at all.”"
    quotes = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].direct
    assert quotes[0].speaker is None
    assert quotes[0].cue is None


def test_short_scare_quote_is_not_a_quote_of_its_own() -> None:
    text = "The so-called “safe zone” was shelled again on Tuesday."
    assert quotes_of(text) == ()


def test_transcript_lines_take_the_speaker_label() -> None:
    text = (
        '"HOST: Will the convoy reach the valley before the night falls?\n\n'
        '"GOVERNOR: No, the bridge is still closed to trucks.'
    )
    quotes = quotes_of(text)
    assert [(q.content.text, text_of(q.speaker)) for q in quotes] == [
        ("Will the convoy reach the valley before the night falls?", "HOST"),
        ("No, the bridge is still closed to trucks.", "GOVERNOR"),
    ]
    assert_spans_slice(quotes, text)


def test_signature_with_a_dash_glued_to_the_name() -> None:
    text = (
        '"The clinic stayed open all night and nobody was turned away."\n\n'
        "-Dr. Amina Yusuf, writing on the hospital's blog."
    )
    quote = quote_with(
        quotes_of(text), "The clinic stayed open all night and nobody was turned away."
    )
    assert "Amina" in (text_of(quote.speaker) or "")


def test_name_read_as_an_adverb_after_the_cue_is_the_speaker() -> None:
    text = "“The shelters are full again,” said Brantly."
    quotes = quotes_of(text)
    assert [(q.content.text, text_of(q.speaker)) for q in quotes] == [
        ("The shelters are full again", "Brantly")
    ]


def test_direct_target_is_the_stretch_that_fills_the_complement() -> None:
    text = "He said “we will stay here” on Monday."
    stretches = quoted_stretches(text)
    inside = (text.index("“"), text.index("”") + 1)
    assert direct_target(inside, stretches, None) == 0
    assert direct_target((text.index("we"), len(text) - 1), stretches, None) is None


def test_previous_prefers_a_direct_quote_of_the_same_paragraph() -> None:
    stretch = Stretch((40, 50), (41, 49), line=2)
    indirect = Draft((0, 10), False, line=0)
    direct = Draft((20, 30), True, line=2)
    later = Draft((60, 70), True, line=2)
    assert previous([indirect, direct, later], stretch) is direct
    assert previous([indirect, later], stretch) is indirect
    assert previous([later], stretch) is None


def test_continues_needs_a_speaker_and_nothing_but_marks_between() -> None:
    doc = load_nlp()("“We stayed,” she said.\n\n“We had nowhere to go.”\n\nThe end.")
    text = doc.text
    first, second = quoted_stretches(text)
    said = next(t for t in doc if t.text == "said")
    before = Draft(first.inner, True, (said.idx, said.idx + 4), said, doc[5], first.line)
    assert continues(text, before, second)
    assert not continues(text, Draft(first.inner, True, line=first.line), second)


def test_a_cue_after_a_claimed_cue_is_not_adjacent() -> None:
    text = (
        "Crowds chanted “We will never leave this square” and the mayor said the council "
        "would vote."
    )
    doc = load_nlp()(text)
    cues = StretchCues(doc)
    cues.claimed = {t.i for t in doc if t.text == "said"}  # "said" has a quote of its own
    cue = cues.adjacent_cue(0)
    assert cue is not None and cue.text == "chanted"
