"""Quote extraction on hand-written sentences parsed with the real model, and on the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmledger.extract.nlp import load_nlp
from harmledger.extract.quotes import attributions, find_quotes
from harmledger.models import Quote
from quotetexts import assert_spans_slice, quote_with, quotes_of, text_of

SEED = Path(__file__).parents[1].parent / "shared" / "seed" / "seed-article.txt"


SAID = "The water ran out on the third day"


@pytest.mark.parametrize(
    ("text", "content", "pronoun", "name"),
    [
        (
            "Maria Lopez works at the clinic in Aleppo.\n\n“We had no electricity for a week,” "
            "she said.",
            "We had no electricity for a week",
            "she",
            "Maria Lopez",
        ),
        (
            "The Red Crescent opened a field hospital on Monday.\n\n“Supplies are running out "
            "fast,” it said.",
            "Supplies are running out fast",
            "it",
            "Red Crescent",
        ),
        (
            "Karim Nasser said the convoy had been hit twice. “Nobody came to help us,” he added.",
            "Nobody came to help us",
            "he",
            "Karim Nasser",
        ),
    ],
)
def test_pronoun_speaker_resolves_to_named_antecedent(
    text: str, content: str, pronoun: str, name: str
) -> None:
    quote = quote_with(quotes_of(text), content)
    assert text_of(quote.speaker) == pronoun
    assert text_of(quote.speaker_name) == name


def test_names_inside_a_quote_are_not_antecedents() -> None:
    text = "Omar Haddad arrived late.\n\n“Hassan Ali was not there,” he said."
    quote = quote_with(quotes_of(text), "Hassan Ali was not there")
    assert text_of(quote.speaker_name) == "Omar Haddad"


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        (
            "Karim Nasser said the convoy had been hit twice.",
            "the convoy had been hit twice",
            "said",
            "Karim Nasser",
        ),
        (
            "The mayor warned that more families would leave the town.",
            "that more families would leave the town",
            "warned",
            "mayor",
        ),
        (
            "According to the local council, 14 people were wounded in the attack.",
            "14 people were wounded in the attack",
            "According to",
            "local council",
        ),
        (
            "Omar Haddad said the clinic had been “deliberately targeted” by the militia.",
            "the clinic had been “deliberately targeted” by the militia",
            "said",
            "Omar Haddad",
        ),
    ],
)
def test_indirect_speech(text: str, content: str, cue: str, speaker: str) -> None:
    quotes = quotes_of(text)
    assert len(quotes) == 1
    quote = quotes[0]
    assert not quote.direct
    assert quote.content.text == content
    assert text_of(quote.cue) == cue
    assert text_of(quote.speaker) == speaker


@pytest.mark.parametrize(
    ("text", "name", "role", "affiliation", "age", "relay"),
    [
        (
            "A farmer from Idlib, Ahmad Kassem, 54, told Reuters that his house was destroyed.",
            "Ahmad Kassem", "farmer from Idlib", None, "54", "Reuters",
        ),
        (
            "Health ministry spokesman Omar Haddad said the clinic had been shelled.",
            "Omar Haddad", "Health ministry spokesman", None, None, None,
        ),
        (
            "Lina Saleh of the Beirut Policy Forum said the ceasefire would not hold.",
            "Lina Saleh", None, "Beirut Policy Forum", None, None,
        ),
        (
            "The United Nations envoy for Yemen, Hans Grundberg, urged both sides to stop the "
            "fighting.",
            "Hans Grundberg", "United Nations envoy for Yemen", None, None, None,
        ),
        (
            "The 45-year-old shopkeeper said the market had burned down.",
            None, None, None, "45", None,
        ),
    ],
)  # fmt: skip
def test_speaker_role_affiliation_age_and_relay(
    text: str, name: str | None, role: str | None, affiliation: str | None, age: str | None,
    relay: str | None,
) -> None:  # fmt: skip
    quotes = quotes_of(text)
    assert len(quotes) == 1
    quote = quotes[0]
    assert text_of(quote.speaker_name) == name
    if name is not None:
        assert text_of(quote.speaker) == name
    assert text_of(quote.role) == role
    assert text_of(quote.affiliation) == affiliation
    assert text_of(quote.age) == age
    assert text_of(quote.relayed_via) == relay


def test_blanked_region_gives_no_quote() -> None:
    text = "“Share this story with your friends,” said the editor.\n“We lost everything,” said Ali."
    cut = text.index("\n")
    masked = " " * cut + text[cut:]
    quotes = quotes_of(text, masked)
    assert [q.content.text for q in quotes] == ["We lost everything"]
    assert all(q.content.start > cut for q in quotes)
    assert_spans_slice(quotes, text)


def test_doc_of_another_text_is_refused() -> None:
    with pytest.raises(ValueError, match="masked text"):
        find_quotes(load_nlp()("Short text."), "A different, longer text.")


def test_extractor_name_is_recorded() -> None:
    assert {q.extractor for q in quotes_of(f"“{SAID},” said Karim Nasser.")} == {"test.v1"}


FRAGMENTS = [
    f"“{SAID},” said Karim Nasser.",
    "Lina Saleh of the Beirut Policy Forum said the ceasefire would not hold.",
    "“We will rebuild,” she added. “It will take years.”",
    "According to the council, the road was closed.",
    "The shelling continued overnight.",
    "A resident, Omar Haddad, 61, told AFP that “nobody is safe here.”",
    "\n\n",
    "“Unclosed quotes run to the end of the paragraph",
    "'' ‘ « » ” \"",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6), st.data())
def test_every_span_slices_the_text(parts: list[str], data: st.DataObject) -> None:
    text = " ".join(parts)
    blank = data.draw(st.integers(min_value=0, max_value=len(text)))
    masked = "".join(" " if i < blank and c != "\n" else c for i, c in enumerate(text))
    quotes = quotes_of(text, masked)
    assert_spans_slice(quotes, text)
    assert all(masked[q.content.start : q.content.end].strip() for q in quotes)
    assert_spans_slice(attributions(quotes, text), text)


def seed_quotes() -> tuple[str, tuple[Quote, ...]]:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED} (it lives in ../shared, not the repo)")
    text = SEED.read_text(encoding="utf-8")
    furniture = {"0", "35", "Leave a Reply"}
    lines = [" " * len(line) if line.strip() in furniture else line for line in text.split("\n")]
    return text, quotes_of(text, "\n".join(lines))


def test_seed_article_quotes_and_speakers() -> None:
    text, quotes = seed_quotes()
    assert_spans_slice(quotes, text)
    names = [text_of(q.speaker_name) for q in quotes]
    for name in ("Samir Haidar", "Mustafa Kneifati", "Geir Pedersen", "Aron Lund",
                 "International Committee of the Red Cross"):  # fmt: skip
        assert name in names
    assert names.count("Hassan Abdul Ghani") == 2
    ghani = [q for q in quotes if text_of(q.speaker_name) == "Hassan Abdul Ghani"]
    assert [q.direct for q in ghani] == [False, True]
    assert ghani[0].content.text.startswith("the security forces had")
    assert text_of(ghani[1].speaker) == "he"
    assert text_of(ghani[1].cue) == "added"
    assert text_of(ghani[0].role) == "Defence ministry spokesman"


def test_seed_article_speaker_details() -> None:
    _, quotes = seed_quotes()
    by_name = {text_of(q.speaker_name): q for q in quotes if q.speaker == q.speaker_name}
    haidar = by_name["Samir Haidar"]
    assert (text_of(haidar.age), text_of(haidar.role)) == ("67", "resident of Baniyas")
    assert text_of(haidar.relayed_via) == "AFP"
    assert text_of(by_name["Geir Pedersen"].role) == "United Nations envoy for Syria"
    assert text_of(by_name["Aron Lund"].affiliation) == "Century International think tank"
    red_cross = [q for q in quotes if text_of(q.speaker) == "it"]
    assert text_of(red_cross[0].speaker_name) == "International Committee of the Red Cross"
    assert all("Leave a Reply" not in q.content.text for q in quotes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a trailing participle is a quote of its own, with the clause's speaker
            "The senator criticized the plan on Monday, saying it would raise taxes for families.",
            [("the plan on Monday", "criticized"), ("it would raise taxes for families", "saying")],
        ),
        (  # a second reporting verb of the same subject ends the first quote
            "The governor defended the budget and warned that cuts would follow.",
            [("the budget", "defended"), ("that cuts would follow", "warned")],
        ),
        (  # coordinated verbs inside what was said stay in it
            "The mayor said she was a lifelong Democrat and would probably back the governor.",
            [("she was a lifelong Democrat and would probably back the governor", "said")],
        ),
    ],
)
def test_content_boundaries_at_trailing_cues(text: str, expected: list[tuple[str, str]]) -> None:
    quotes = quotes_of(text)
    assert [(q.content.text, text_of(q.cue)) for q in quotes] == expected
    assert_spans_slice(quotes, text)


def test_participle_quote_takes_the_clause_subject_as_speaker() -> None:
    text = "The senator criticized the plan on Monday, saying it would raise taxes for families."
    quote = quote_with(quotes_of(text), "it would raise taxes for families")
    assert text_of(quote.speaker) is not None
    assert text_of(quote.speaker).startswith("senator")


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        ("Local leaders are reluctant to endorse the plan.", "to endorse the plan",
         "reluctant", "Local leaders"),
        ("Most farmers would vote for the incumbent.", "the incumbent", "vote", "Most farmers"),
        ("The minister rejected the accusation. Her intention to resign was clear.",
         "to resign", "intention", "Her"),
    ],
)  # fmt: skip
def test_stance_and_intention_cues(text: str, content: str, cue: str, speaker: str) -> None:
    quote = quote_with(quotes_of(text), content)
    assert text_of(quote.cue) == cue
    assert (text_of(quote.speaker) or "").startswith(speaker)
