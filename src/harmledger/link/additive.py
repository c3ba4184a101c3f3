"""Tolls one report tells in parts: "Five officers were killed ... Additionally, at least 13
assailants were killed after police retaliated" is 18 dead, not the larger of 5 and 13.

Reconciling takes a document's most inclusive figure of each kind, since a report usually
restates one toll ("12 killed" in the lead, "the 12 dead included ..." later). A claim that
says it adds to what was told ("In addition, ...", "Additionally, ...", "also", "another",
"a further", "two more") and names people of another kind than the main figure's ("five
police officers" ... "13 assailants") is no restatement: the document's figure is the sum.
News reports often retell their victims one by one after a summary ("Three people were shot
... a woman was also shot"): a main figure of anyone ("people", "victims") or an addition
without named victims is never added to. ``is_additive`` reads the marker from the claim's
own sentence; ``add_up`` sums.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from harmledger.extract import rulebook_words as rw
from harmledger.extract.plain import attackers_only, victim_heads
from harmledger.models import Claim, Span

#: A sentence that opens by adding to what was told.
_OPENING = re.compile(
    r"^\W*(?:in\s+addition(?!\s+to\b)|additionally|also|furthermore|moreover|besides|separately)\b",
    re.IGNORECASE,
)
#: Markers that count people beyond a figure just given: "two more", "another three".
_MORE = re.compile(
    r"\b(?:another|a\s+further|an\s+additional|(?:\d+|two|three|four|five|six|seven|eight|"
    r"nine|ten|several|many|dozens)\s+more)\b",
    re.IGNORECASE,
)

#: "were also killed", "also killed was the driver".
_ALSO = re.compile(r"\balso\b", re.IGNORECASE)


def _lead_in(claim: Claim) -> str:
    """The words of the claim's own clause before its harm word."""
    lead_in = claim.span.text[: max(0, claim.trigger.start - claim.span.start)]
    return re.split(r"[,;:]|\band\b|\bwhile\b|\bbut\b", lead_in)[-1]


def is_additive(claim: Claim) -> bool:
    """Does the claim tell of more people than those told of before it in its report?"""
    lead_in = _lead_in(claim)
    return bool(_OPENING.match(claim.span.text) or _ALSO.search(lead_in) or _MORE.search(lead_in))


def more_in_sentence(main: Claim, addition: Claim) -> bool:
    """ "We counted seven bodies at dawn and two more people died at the hospital": "more"
    beside the main figure, in its own sentence, cannot restate it."""
    return addition.span == main.span and bool(_MORE.search(_lead_in(addition)))


T = TypeVar("T")

#: Victim nouns that may hold anyone: "three people were shot ... a woman was also shot" tells
#: of one of the three again, not of a fourth.
_ANYONE = rw.words("anyone_nouns")


def other_people(main: Claim, addition: Claim) -> bool:
    """Are the people of ``addition`` surely not among those of ``main``? Both name their
    victims, the main figure's are of a kind ("five police officers"), not anyone ("three
    people"), and the addition's are of another ("13 assailants")."""
    first, more = victim_heads(main), victim_heads(addition)
    return bool(first) and bool(more) and not first & _ANYONE and not first & more


def add_up(
    figures: Sequence[tuple[Claim, T]],
    size: Callable[[T], int],
    combine: Callable[[T, Sequence[T]], T],
) -> T:
    """One document's figure of a kind from its claims' figures: the figure of the claims that
    count victims (``_add_victims``), plus the largest figure of the claims that count only
    attackers ("Police killed five assailants") when those are surely other people
    (``_others``) and no claim counts both."""
    attackers = [(c, f) for c, f in figures if attackers_only(c)]
    victims = [(c, f) for c, f in figures if not attackers_only(c)]
    apart = [a for a, _f in attackers]
    if not apart or not victims or not all(_others(c, apart) for c, _f in victims):
        return _add_victims(figures, size, combine)
    return combine(
        _add_victims(victims, size, combine), [max((f for _c, f in attackers), key=size)]
    )


#: Victim nouns (as written) that may name the attacker himself: "the fatal police shooting of
#: a man who had just shot his girlfriend ... killing the gunman" tells of one death.
_COULD_BE_ATTACKER = rw.words("could_be_attacker_nouns")


#: Victim nouns that do not tell the victims from the attackers.
_NOT_SURELY_OTHERS = _ANYONE | _COULD_BE_ATTACKER


def _others(victims: Claim, attackers: Sequence[Claim]) -> bool:
    """Are the people of a claim of victims surely not the attackers of the claims that count
    only attackers? Not when it counts attackers too (``counts_attackers``); yes when its
    victims are named as such ("a civilian", "four soldiers", not "a man" or "people"), or
    when those attackers are the ones it blames ("A suicide bomber ... killing six soldiers":
    the bomber who died is its perpetrator)."""
    if counts_attackers(victims):
        return False
    heads = victim_heads(victims)
    if heads and not heads & _NOT_SURELY_OTHERS:
        return True
    blamed = [p.span for p in victims.perpetrators]
    return any(_overlap(v.span, b) for a in attackers for v in a.victims for b in blamed)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def counts_attackers(claim: Claim) -> bool:
    """Does the claim count attackers among others ("At least 24 soldiers and 18 assailants",
    "14 people were killed, including the two assailants")?"""
    return claim.excluding_attackers is not None or bool(
        _INCLUDING_ATTACKERS.search(claim.span.text)
    )


def _attacker_forms() -> str:
    forms = (
        f"{w[:-3]}m[ae]n" if w.endswith("man") else f"{w}s?" for w in rw.words("attacker_nouns")
    )
    return "|".join(sorted(forms, key=len, reverse=True))


_INCLUDING_ATTACKERS = re.compile(
    rf"\b(?:including|among\s+them|among\s+whom|of\s+whom)\b[^.;]*?\b(?:{_attacker_forms()})\b",
    re.IGNORECASE,
)


def _add_victims(
    figures: Sequence[tuple[Claim, T]],
    size: Callable[[T], int],
    combine: Callable[[T, Sequence[T]], T],
) -> T:
    """The largest figure of the claims that add nothing, plus every additive claim after it
    whose people are surely others (``other_people``). With no such claim this is the largest
    figure."""
    ordered = sorted(figures, key=lambda cf: cf[0].span.start)
    base = [f for c, f in ordered if not is_additive(c)]
    if not base:
        return max((f for _c, f in ordered), key=size)
    first = max(base, key=size)
    main = next(c for c, f in ordered if f is first)
    extra = [
        f
        for c, f in ordered
        if is_additive(c)
        and c is not main
        and c.span.start >= main.span.start
        and (other_people(main, c) or more_in_sentence(main, c))
    ]
    return combine(first, extra) if extra else first


_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|dozen|dozens|twenty|thirty|forty|fifty|hundred|hundreds|thousand)",
    re.I,
)


_TOLL_WORDS = re.compile(r"\b(?:toll|dead|deaths|fatalities|casualties|bodies)\b", re.I)


def whole_toll(claim: Claim) -> bool:
    """Is the claim a whole toll given in numbers, in the body ("a spokesman gave a lower
    toll of six dead"): not a headline, not a witness's (what one person saw), not a part
    ("two of the wounded died"), not read off a determiner ("her son was killed")?"""
    span, source = claim.count.span, claim.attribution
    return (
        span is not None
        and bool(_NUMBER.search(span.text))
        and bool(claim.count.best)  # a zero is another event's ("no one was hurt")
        and bool(_TOLL_WORDS.search(claim.span.text))  # a toll, not "two of the wounded died"
        and not claim.in_headline
        and (source is None or source.source_type != "witness")  # what one person saw
    )
