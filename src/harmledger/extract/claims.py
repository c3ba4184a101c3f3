"""Claims from harm triggers: count, victims, perpetrators, places, date and source.

``find_claims`` is pure: a parsed ``Doc``, the stored text and the resolved place and date
context in, a tuple of ``Claim`` out. Claims in the same sentence about the same kind of harm are
one claim, and a definite harm noun without a count ("The killings occurred in ...") adds its
details to the claim it refers back to instead of becoming a second claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from harmledger.extract import actors
from harmledger.extract import lexicon as lx
from harmledger.extract import rulebook as rb
from harmledger.extract.claims_merge import merge_into
from harmledger.extract.clauses import is_time_reference, same_event
from harmledger.extract.components import Frame, Zero
from harmledger.extract.countries import modifies_a_thing
from harmledger.extract.counts import REVIEW_CONFIDENCE, implausible
from harmledger.extract.cumulative import cumulative_period, ordinal_count
from harmledger.extract.datelines import without_dateline
from harmledger.extract.nlp import sentence_places, token_starting_at
from harmledger.extract.partition import join_parts, told_twice
from harmledger.extract.patients import (
    animals_only,
    consistent_part,
    count_excluding_attackers,
    machines_only,
    normalise_patients,
    split_patients,
    victims_and_count,
)
from harmledger.extract.suicide import self_detonation
from harmledger.extract.triggers import Trigger, find_trigger, is_factual
from harmledger.extract.wounds import died_of_wounds, wounds_of_the_dead
from harmledger.extract.zeros import stated_zero
from harmledger.models import (
    Actor,
    Attribution,
    Claim,
    Count,
    DateInterval,
    Span,
)

DateFinder = Callable[[Token], DateInterval | None]
_AGGREGATE_WORDS = rb.words("aggregate_words")
_DEED_PREPOSITIONS = rb.words("deed_prepositions")
_DESTINATION_VERBS = rb.words("destination_verbs")
_REFERRING_PATIENTS = rb.words("referring_patients")


def sentence_span(text: str, token: Token) -> Span:
    """The sentence of ``token`` as a span of the stored text, without trailing space."""
    sent = token.sent
    return Span.of(text, sent.start_char, sent.start_char + len(sent.text.rstrip()))


def _places_in(sent_start: int, sent_end: int, places: Sequence[Span]) -> list[Span]:
    return [p for p in places if sent_start <= p.start and p.end <= sent_end]


def harm_frames(
    doc: Doc, text: str, headline: Span | None = None
) -> tuple[list[Frame], list[Zero]]:
    """The statements of harm of the document, one frame per factual harm trigger, and the
    tolls it states as zero; nothing filled in yet but the trigger."""
    frames: list[Frame] = []
    zeros: list[Zero] = []
    for token in doc:
        if token.is_space or token.is_punct:
            continue
        trig = find_trigger(token) or self_detonation(token)
        if trig is None or not is_factual(trig):
            zero = stated_zero(token, trig.kind if trig else None)
            if zero is not None:
                zeros.append(Zero(token, zero[0], zero[1]))
            continue
        trig = normalise_patients(trig)
        if machines_only(trig):  # "shot down 48 drones": no one harmed
            continue
        if animals_only(trig):  # "30 goats were killed": livestock lost, no people harmed
            trig.kind = "property"
        in_headline = headline is not None and headline.start <= token.idx < headline.end
        frames.append(Frame(trig, sentence_span(text, token), in_headline))
    return frames, zeros


def frame_count(text: str, frame: Frame) -> Count:
    """How many the statement says were harmed; unknown when it names only things hit."""
    victims, count = victims_and_count(text, frame.trigger)
    if not victims and split_patients(text, frame.trigger)[1]:
        return Count(None, None, None, "unknown")  # homes and shops are no count of people
    return count


def frame_excluding_attackers(text: str, frame: Frame) -> Count | None:
    """The statement's toll without the attackers among the harmed, when it can be a part of
    its count (``patients.consistent_part``); call after ``frame.count`` is set."""
    part = count_excluding_attackers(text, frame.trigger)
    return consistent_part(frame.count or Count(None, None, None, "unknown"), part)


def frame_actors(
    text: str, frame: Frame
) -> tuple[tuple[Actor, ...], tuple[Span, ...], tuple[Actor, ...]]:
    """Victims, targets and perpetrators of the statement."""
    trig = frame.trigger
    victims, targets = split_patients(text, trig)
    certainty = actors.certainty_for(trig.token)
    perps = actors.perpetrators(text, trig.agents, certainty) or actors.perpetrators(
        text, _deeds_of(trig.token), certainty
    )
    return (tuple(victims) if trig.patients else ()), tuple(targets), perps


def build_claim(
    text: str, frame: Frame, places: Sequence[Span], find_date: DateFinder, extractor: str
) -> Claim:
    """The claim of a filled frame: its places, date, and whether it is a running total."""
    trig, span = frame.trigger, frame.span
    count = frame.count or Count(None, None, None, "unknown")
    place_spans = _claim_places(
        text, trig.token, span, places, frame.perpetrators, frame.attribution
    )
    date = find_date(trig.token)
    running, period = cumulative_period(trig.token, text, trig.patients)
    running = running and not (date is not None and date.precision == 1)  # "on Saturday"
    if running:
        count = ordinal_count(text, trig, count)
    lemmas = {t.lemma_.lower() for t in trig.token.sent}
    aggregate = bool(lemmas & _AGGREGATE_WORDS) or _vague_date(date) or running
    return Claim(
        kind=trig.kind,  # type: ignore[arg-type]
        span=span,
        trigger=actors.token_span(text, trig.token, trig.token),
        count=count,
        victims=frame.victims,
        perpetrators=frame.perpetrators,
        targets=frame.targets,
        places=tuple(place_spans),
        date=None if running else date,
        attribution=frame.attribution,
        is_aggregate=aggregate,
        in_headline=frame.in_headline,
        confidence=_confidence(count, frame.attribution is not None, trig),
        extractor=extractor,
        cumulative=running,
        period=DateInterval(None, None, None, period) if running else None,
        excluding_attackers=None if running else frame.excluding_attackers,
    )


def _claim_places(
    text: str,
    trigger: Token,
    span: Span,
    places: Sequence[Span],
    perps: Sequence[Actor],
    attribution: Attribution | None,
) -> list[Span]:
    """The places of the claim's sentence where the harm happened: not in its source's or
    perpetrators' names, not a thing's owner ("the U.S. embassy"), not in another event's
    clause, and not the bureau's dateline when another place is named."""
    source_span = attribution.source if attribution else None
    found = [
        p
        for p in _places_in(span.start, span.end, places)
        if not (source_span and source_span.start <= p.start < source_span.end)
        and not any(v.span.start <= p.start < v.span.end for v in perps)
        and not modifies_a_thing(trigger.sent, p)
        and _of_this_event(trigger, p)
        and not _destination(trigger.sent, p)
    ]
    return without_dateline(text, found)


def _destination(sent: SpacySpan, place: Span) -> bool:
    """Is the place where the harmed were taken ("were taken back to Nyala for treatment",
    "flown to Kelvaria"), not where they were harmed?"""
    token = token_starting_at(sent, place.start)
    while (
        token is not None and token.head.i != token.i and place.start <= token.head.idx < place.end
    ):
        token = token.head  # the head word of the place's phrase
    if token is None or token.dep_ != "pobj" or token.head.lower_ not in {"to", "into"}:
        return False
    verb = token.head.head
    if verb.dep_ == "advmod" and verb.head.i != verb.i:
        verb = verb.head  # "taken back to Nyala"
    return verb.lemma_.lower() in _DESTINATION_VERBS


def _deeds_of(token: Token) -> list[Token]:
    """The attack a harm happened in: "killed in an Israeli strike" -> strike (whose
    modifiers may name who did it)."""
    return [
        obj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in _DEED_PREPOSITIONS
        for obj in prep.children
        if obj.dep_ == "pobj" and (lx.HARM_NOUNS.get(obj.lemma_.lower()) == "attacked")
    ]


def _of_this_event(trigger: Token, place: Span) -> bool:
    """Is the place named in the harm's own clause, not in a clause of another event ("a day
    after rebels fired a missile at the capital")?"""
    token = token_starting_at(trigger.sent, place.start)
    return token is None or same_event(trigger, token)


def _vague_date(date: DateInterval | None) -> bool:
    return bool(
        date
        and date.start
        and date.end
        and date.start != date.end
        and date.precision
        and date.precision >= 2
    )


def _confidence(count: Count, sourced: bool, trig: Trigger) -> float:
    if implausible(count):  # a figure over any plausible toll: 0 flags it for review
        return REVIEW_CONFIDENCE
    score = 0.5 + (0.2 if count.low is not None else 0.0) + (0.2 if sourced else 0.0)
    return round(score - (0.1 if trig.nominal else 0.0), 2)


def _is_anaphoric(trig: Trigger, claim: Claim) -> bool:
    """A definite harm noun with no count ("The killings ...") refers to an earlier claim."""
    if claim.count.low is not None and claim.count.qualifier != "unknown":
        return False
    if trig.nominal:
        return not trig.patients and any(
            c.dep_ == "det" and c.lower_ in lx.ANAPHORIC_DETERMINERS for c in trig.token.children
        )
    return bool(trig.patients) and trig.patients[0].lemma_.lower() in _REFERRING_PATIENTS


def _same_sentence_merge(claims: list[tuple[Trigger, Claim]]) -> list[tuple[Trigger, Claim]]:
    out: list[tuple[Trigger, Claim]] = []
    for trig, claim in claims:
        prev = next(
            (
                i
                for i, (_, c) in enumerate(out)
                if c.span == claim.span
                and c.kind == claim.kind
                and not _distinct_counts(c, claim)
                and _compatible_victims(c, claim)
            ),
            None,
        )
        if prev is None:
            out.append((trig, claim))
        else:
            ptrig, pclaim = out[prev]
            base, extra = (pclaim, claim) if pclaim.count.low is not None else (claim, pclaim)
            out[prev] = (ptrig, merge_into(base, extra))
    return out


def _compatible_victims(a: Claim, b: Claim) -> bool:
    return not a.victims or not b.victims or bool(_victim_words(a) & _victim_words(b))


def _distinct_counts(a: Claim, b: Claim) -> bool:
    """Two figures stated apart ("five died ... as many as 22 were killed"), or one claim's
    source against another's."""
    if not _same_source(a, b):
        return True
    stated = (a.count.low is not None or a.count.high is not None) and (
        b.count.low is not None or b.count.high is not None
    )
    return (
        stated
        and a.count.span != b.count.span
        and a.count.qualifier != "unknown"
        and b.count.qualifier != "unknown"
    )


def _survivors(claims: list[tuple[Trigger, Claim]], text: str) -> list[tuple[Trigger, Claim]]:
    """ "Five people were shot, two fatally": of the five, three were wounded and lived; the
    claim of the verb becomes an injury claim of the difference, its span both figures."""
    by_token = {t.token.i: k for k, (t, _) in enumerate(claims)}
    out = list(claims)
    for trig, part in claims:
        k = by_token.get(trig.whole.i) if trig.whole is not None else None
        if k is None:
            continue
        whole = out[k][1]
        n, m = whole.count.best, part.count.best
        exact = whole.count.qualifier == part.count.qualifier == "exact"
        if not exact or n is None or m is None or not 0 < m < n or whole.count.span is None:
            continue
        end = part.count.span.end if part.count.span is not None else whole.count.span.end
        span = Span.of(text, whole.count.span.start, max(end, whole.count.span.end))
        count = Count(n - m, n - m, n - m, "exact", span)
        out[k] = (out[k][0], replace(whole, kind="injured", count=count, excluding_attackers=None))
    return out


def _drop_attacks_with_outcomes(claims: list[tuple[Trigger, Claim]]) -> list[tuple[Trigger, Claim]]:
    """An attack that killed or injured people is told by those claims; keep the outcome.
    People shot and killed were not wounded: a wounding whose patients a killing in the
    sentence shares is dropped ("two men were shot and killed")."""
    outcome_spans = {c.span for _, c in claims if c.kind in {"killed", "injured"}}
    dead = {(c.span, p.i) for t, c in claims if c.kind == "killed" for p in t.patients}
    attacks: dict[Span, list[tuple[Trigger, Claim]]] = {}
    for t, c in claims:
        if c.kind == "attacked" and c.span in outcome_spans:
            attacks.setdefault(c.span, []).append((t, c))
    return [
        (
            t,
            _outcome_of(
                c, [a for at, a in attacks.get(c.span, []) if same_event(t.token, at.token)]
            ),
        )
        for t, c in claims
        if not (c.kind == "attacked" and c.span in outcome_spans)
        and not (t.wounding and any((c.span, p.i) in dead for p in t.patients))
    ]


def _outcome_of(claim: Claim, attacks: list[Claim]) -> Claim:
    """The outcome of an attack keeps what the attack hit and, when it names none, who
    attacked ("a rebel ambush at the hotel killed two guards": the hotel, the rebels)."""
    for attack in attacks:
        extra = tuple(t for t in attack.targets if t not in claim.targets)
        perps = () if claim.perpetrators else attack.perpetrators
        if extra or perps:
            claim = replace(
                claim, targets=claim.targets + extra, perpetrators=claim.perpetrators + perps
            )
    return claim


def resolve_anaphora(claims: list[tuple[Trigger, Claim]]) -> list[Claim]:
    out: list[Claim] = []
    for trig, claim in claims:
        target = next(
            (
                i
                for i in range(len(out) - 1, -1, -1)
                if out[i].kind == claim.kind and not out[i].in_headline
            ),
            None,
        )
        if target is not None and _is_anaphoric(trig, claim):
            if not is_time_reference(trig.token):  # "fled to Gwoza since the raid"
                out[target] = merge_into(out[target], claim)
        else:
            out.append(claim)
    return out


def _counted(claim: Claim) -> bool:
    return claim.count.low is not None and claim.count.qualifier != "unknown"


def _victim_words(claim: Claim) -> set[str]:
    words = {v.span.text.lower() for v in claim.victims}
    return words | {v.group.lower() for v in claim.victims if v.group}


def _same_source(a: Claim, b: Claim) -> bool:
    if a.attribution is None or b.attribution is None:
        return True
    return a.attribution.source.text.lower() == b.attribution.source.text.lower()


def absorb_uncounted(claims: list[Claim], window: int = 3) -> list[Claim]:
    """An uncounted mention ("mass killings of Alawite civilians") of the same victims as a
    nearby counted claim of the same kind is that claim, told without its number."""
    out = list(claims)
    i = 0
    while i < len(out):
        claim = out[i]
        near = [j for j in range(max(0, i - window), min(len(out), i + window + 1)) if j != i]
        match = next(
            (
                j
                for j in near
                if not _counted(claim)
                and _counted(out[j])
                and out[j].kind == claim.kind
                and not out[j].in_headline
                and not claim.in_headline
                and _same_source(claim, out[j])
                and _victim_words(claim) & _victim_words(out[j])
            ),
            None,
        )
        if match is None:
            i += 1
            continue
        out[match] = merge_into(out[match], claim)
        del out[i]
    return out


def fill_frame(text: str, frame: Frame) -> Frame:
    """``frame`` with its count, actors and source: the built-in components' work in one."""
    frame.count = frame_count(text, frame)
    frame.excluding_attackers = frame_excluding_attackers(text, frame)
    frame.victims, frame.targets, frame.perpetrators = frame_actors(text, frame)
    frame.attribution = actors.attribution_for(text, frame.trigger.token)
    return frame


def assemble_claims(
    frames: Sequence[Frame],
    zeros: Sequence[Zero],
    text: str,
    places: Sequence[Span],
    find_date: DateFinder,
    extractor: str,
) -> tuple[Claim, ...]:
    """One claim per statement of harm: frames built into claims, merged where they tell
    of one harm, and the claims of tolls stated as zero."""
    found: list[tuple[Trigger, Claim]] = []
    for frame in frames:
        here = sentence_places(frame.trigger.token, places)  # the sentence's own
        found.append((frame.trigger, build_claim(text, frame, here, find_date, extractor)))
    zero_found: list[Claim] = []
    for zero in zeros:
        zero_found += zero_claims(
            text, zero.token, (zero.kinds, zero.no_word), places, find_date, extractor
        )
    merged = _drop_attacks_with_outcomes(_same_sentence_merge(_survivors(told_twice(found), text)))
    merged = join_parts(merged, text)
    merged = wounds_of_the_dead(died_of_wounds(merged))
    return tuple(absorb_uncounted(resolve_anaphora(merged))) + tuple(zero_found)


def find_claims(
    doc: Doc,
    text: str,
    places: Sequence[Span],
    find_date: DateFinder,
    *,
    extractor: str,
    headline: Span | None = None,
) -> tuple[Claim, ...]:
    """Every statement of harm in the document, one claim each: the built-in components'
    work (``extract.builtin``) as one function, for callers that hold a parse."""
    frames, zeros = harm_frames(doc, text, headline)
    for frame in frames:
        fill_frame(text, frame)
    return assemble_claims(frames, zeros, text, places, find_date, extractor)


def zero_claims(
    text: str,
    token: Token,
    zero: tuple[tuple[str, ...], Token],
    places: Sequence[Span],
    find_date: DateFinder,
    extractor: str,
) -> list[Claim]:
    """Claims of a toll the text states as zero ("There were no reported casualties": 0
    killed and 0 injured), the count's span being the words that say so."""
    kinds, no_word = zero
    span = sentence_span(text, token)
    words = actors.token_span(text, no_word, token)
    return [
        Claim(
            kind=kind,  # type: ignore[arg-type]
            span=span,
            trigger=actors.token_span(text, token, token),
            count=Count(0, 0, 0, "exact", words),
            places=tuple(_places_in(span.start, span.end, places)),
            date=find_date(token),
            attribution=actors.attribution_for(text, token),
            confidence=0.5,
            extractor=extractor,
        )
        for kind in kinds
    ]
