"""The event's date, not the reporting date: choosing a claim's date phrase, and inheritance.

Hand-written sentences about made-up places, parsed with the real model.
"""

from __future__ import annotations

import pytest

from harmledger.extract.event_dates import inherit_event_date, mark_cumulative
from harmledger.extract.nlp import load_nlp
from harmledger.extract.rules import claim_date
from harmledger.models import Claim, Count, DateInterval, Span

PUB = "2025-03-14"  # a Friday


def _date_of(text: str, trigger: str) -> DateInterval | None:
    doc = load_nlp()(text)
    [token] = [t for t in doc if t.text == trigger]
    return claim_date(token, text, PUB)


@pytest.mark.parametrize(
    ("text", "trigger", "phrase", "day"),
    [
        (
            "Officials said on Monday that 12 people were killed in the shelling on Saturday.",
            "killed",
            "on Saturday",
            "2025-03-08",
        ),
        (
            "Twelve people were killed on Saturday, officials said on Monday.",
            "killed",
            "on Saturday",
            "2025-03-08",
        ),
        (
            "Gunmen killed three villagers late on Tuesday in Kora, the police told reporters "
            "on Thursday.",
            "killed",
            "Tuesday",
            "2025-03-11",
        ),
        (
            "The mayor announced on Wednesday that two guards were shot dead early on Friday.",
            "shot",
            "Friday",
            "2025-03-14",
        ),
        (
            "A shell killed a baker on Friday morning in Tarvo, the governor said on Sunday.",
            "killed",
            "on Friday morning",
            "2025-03-14",
        ),
    ],
)
def test_the_harm_clause_dates_the_claim(text: str, trigger: str, phrase: str, day: str) -> None:
    date = _date_of(text, trigger)
    assert date is not None and date.span is not None
    assert phrase in date.span.text and "Monday" not in date.span.text
    assert date.start == date.end == day
    assert text[date.span.start : date.span.end] == date.span.text


def test_a_stretch_between_two_dates_is_one_phrase() -> None:
    """The tagger sees "2025" and "January 25, 2025" here: the claim's date is the stretch
    from the first date to the second, not the whole year."""
    text = (
        "Sometime between January 21, 2025 and January 25, 2025, assailants set fire to a "
        "school in Korvel."
    )
    date = _date_of(text, "set")
    assert date is not None and date.span is not None
    assert date.span.text == "between January 21, 2025 and January 25, 2025"
    assert (date.start, date.end) == ("2025-01-21", "2025-01-25")


def test_overnight_dates_the_harm() -> None:
    text = "Five civilians were killed overnight in Gao, the mayor told reporters on Tuesday."
    date = _date_of(text, "killed")
    assert date is not None and date.span is not None and date.span.text == "overnight"


@pytest.mark.parametrize(
    "text",
    [
        "The army said on Monday that rebels killed four farmers.",
        "Rebels killed four farmers, the army told reporters on Monday.",
    ],
)
def test_a_statement_date_is_not_the_event_date(text: str) -> None:
    assert _date_of(text, "killed") is None


@pytest.mark.parametrize(
    "text",
    [
        "The war has killed 150,000 people since 2014, the agency said.",
        "Fighting has killed 40 civilians since the war began in March 2022.",
        "At least 30 civilians have been killed so far this year in Kora.",
        "Sixty people have been killed since Thursday in the Tarvo valley.",
    ],
)
def test_a_period_start_never_dates_the_event(text: str) -> None:
    assert _date_of(text, "killed") is None


def test_a_window_still_dates_the_event() -> None:
    text = "Nine people were killed in the past 24 hours in Kora, the monitor said."
    date = _date_of(text, "killed")
    assert date is not None and (date.start, date.end) == ("2025-03-13", PUB)


def test_a_day_after_publication_is_skipped() -> None:
    assert _date_of("Two guards were killed in 2031 in Tarvo.", "killed") is None


def test_a_non_date_is_skipped() -> None:
    text = "A 14-year-old boy was killed on Friday in Tarvo."
    date = _date_of(text, "killed")
    assert date is not None and date.span is not None and date.span.text.endswith("Friday")


# inheritance: synthetic claims over a hand-written text

TEXT = (
    "Gunmen killed three villagers late on Tuesday in Kora. A fourth man later died.\n\n"
    "The attack also wounded two children, the police said on Thursday.\n\n"
    "Separately, a woman was shot in Mara, police said on Thursday.\n\n"
    "The conflict has killed 900 people since 2019.\n\n"
    "A farmer was wounded by a stray bullet."
)


def _claim(trigger: str, date: DateInterval | None = None, headline: bool = False) -> Claim:
    start = TEXT.index(trigger)
    sent_start = max(TEXT.rfind(".", 0, start), TEXT.rfind("\n", 0, start)) + 1
    while TEXT[sent_start] == " ":
        sent_start += 1
    sent_end = TEXT.index(".", start) + 1
    return Claim(
        kind="killed",
        span=Span.of(TEXT, sent_start, sent_end),
        trigger=Span.of(TEXT, start, start + len(trigger)),
        count=Count(1, 1, 1, "exact"),
        date=date,
        in_headline=headline,
    )


TUESDAY = TEXT.index("on Tuesday")
MAIN_DATE = DateInterval("2025-03-11", "2025-03-11", 1, Span.of(TEXT, TUESDAY, TUESDAY + 10))
STATED = ("wounded two", "shot in Mara")  # sentences with a statement date


def _has_date(claim: Claim) -> bool:
    return any(t in claim.span.text for t in STATED) or "since" in claim.span.text


def _inherited() -> dict[str, DateInterval | None]:
    claims = [
        _claim("killed three", MAIN_DATE),
        _claim("died"),
        _claim("wounded two"),
        _claim("shot in Mara"),
        _claim("killed 900"),
        _claim("wounded by"),
    ]
    out = inherit_event_date(claims, TEXT, _has_date)
    return {c.trigger.text: c.date for c in out}


def test_same_paragraph_inherits_the_main_event_date() -> None:
    assert _inherited()["died"] == MAIN_DATE  # keeps the span of the phrase it came from


def test_a_definite_reference_to_the_event_inherits() -> None:
    assert _inherited()["wounded two"] == MAIN_DATE


def test_a_sentence_with_no_date_phrase_inherits() -> None:
    assert _inherited()["wounded by"] == MAIN_DATE


def test_another_event_with_its_own_statement_date_stays_undated() -> None:
    assert _inherited()["shot in Mara"] is None


def test_a_cumulative_claim_never_inherits() -> None:
    assert _inherited()["killed 900"] is None


def test_earlier_claims_and_the_headline_do_not_inherit() -> None:
    thursday = TEXT.index("on Thursday")
    later = DateInterval(PUB, PUB, 1, Span.of(TEXT, thursday, thursday + 11))
    claims = [_claim("killed three"), _claim("wounded two", later)]
    first, _ = inherit_event_date(claims, TEXT, lambda _c: False)
    assert first.date is None
    claims = [_claim("killed three", headline=True), _claim("wounded two", later)]
    first, _ = inherit_event_date(claims, TEXT, lambda _c: False)
    assert first.date is None


def test_no_main_event_means_no_inheritance() -> None:
    unresolved = DateInterval(None, None, None, MAIN_DATE.span)
    claims = [_claim("killed three", unresolved), _claim("died")]
    assert inherit_event_date(claims, TEXT, lambda _c: False) == tuple(claims)
    claims = [_claim("killed three"), _claim("died")]
    assert inherit_event_date(claims, TEXT, lambda _c: False) == tuple(claims)


def test_an_inherited_date_is_not_a_main_event() -> None:
    # a date whose span lies outside the claim's sentence is not the claim's own
    claims = [_claim("died", MAIN_DATE), _claim("wounded by")]
    assert inherit_event_date(claims, TEXT, lambda _c: True) == tuple(claims)


def test_cumulative_claims_are_aggregates() -> None:
    claims = [_claim("killed three", MAIN_DATE), _claim("killed 900")]
    marked = mark_cumulative(claims, TEXT)
    assert [c.is_aggregate for c in marked] == [False, True]
