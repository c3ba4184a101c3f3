"""Quotes and speakers from hand-written sentences, parsed with the real model."""

from __future__ import annotations

import pytest

from harmledger.extract.nlp import load_nlp
from harmledger.extract.quotes import find_quotes, quoted_stretches
from harmledger.models import Quote


def quotes_of(text: str) -> tuple[Quote, ...]:
    return find_quotes(load_nlp()(text), text)


def name_of(quote: Quote) -> str | None:
    named = quote.speaker_name or quote.speaker
    return named.text if named else None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The shelling did not stop all night,” said Amal Haddad.", "Amal Haddad"),
        ("“The shelling did not stop all night,” Amal Haddad said.", "Amal Haddad"),
        ("Amal Haddad said: “The shelling did not stop all night.”", "Amal Haddad"),
        ("Amal Haddad said, “The shelling did not stop all night.”", "Amal Haddad"),
    ],
)
def test_direct_quote_speaker_before_or_after(text: str, speaker: str) -> None:
    [quote] = quotes_of(text)
    assert quote.direct
    assert quote.content.text.startswith("The shelling did not stop all night")
    assert name_of(quote) == speaker
    assert quote.cue is not None and quote.cue.text == "said"


def test_pronoun_speaker_resolves_to_the_named_person() -> None:
    text = (
        "Interior minister Karim Nasser visited the camp on Sunday.\n\n"
        "“We will rebuild every house,” he said."
    )
    [quote] = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text == "he"
    assert quote.speaker_name is not None and quote.speaker_name.text == "Karim Nasser"


def test_indirect_speech_is_a_quote() -> None:
    text = "Police spokesman Omar Saleh said the convoy had been ambushed near the bridge."
    quotes = quotes_of(text)
    assert quotes and not quotes[0].direct
    assert "the convoy had been ambushed" in quotes[0].content.text
    assert name_of(quotes[0]) == "Omar Saleh"


def test_role_and_age_of_the_speaker() -> None:
    text = "A farmer from the village, Hassan Ali, 54, told Reuters: “They burned everything.”"
    [quote] = [q for q in quotes_of(text) if q.direct]
    assert name_of(quote) == "Hassan Ali"
    assert quote.age is not None and quote.age.text == "54"
    assert quote.relayed_via is not None and quote.relayed_via.text == "Reuters"


def test_quoted_stretches_find_typographic_and_straight_quotes() -> None:
    text = 'He said “first one” and then "second one" later.'
    inner = [text[s.inner[0] : s.inner[1]] for s in quoted_stretches(text)]
    assert inner == ["first one", "second one"]


def test_every_span_slices_the_text() -> None:
    text = (
        "“Nobody came to help us,” said Leila Haddad, 31, a teacher. She added that the school "
        "had been hit twice. The UN envoy, Mark Olsen, called the attack “unacceptable.”"
    )
    quotes = quotes_of(text)
    assert len(quotes) >= 2
    for q in quotes:
        for span in (q.content, q.cue, q.speaker, q.speaker_name, q.role, q.age, q.affiliation):
            if span is not None:
                assert text[span.start : span.end] == span.text
