"""A lead that sums the incidents it names: "killed 11 civilians, eight of them at a bus station
in Gao and three at a checkpoint near Ansongo", "killed 15 people ...: nine in Maro, four in
Kufana and two in Iburu".

``split_breakdowns`` gives such a claim a child claim per named part (its figure and its place,
the rest taken from the lead) and marks the lead an aggregate: the parts are incidents of their
own, the lead's toll their sum (linking nests them under it). A breakdown needs two parts or
more, each figure below the lead's and their sum no more than it, each part a number followed
within a few words by a place the sentence names ("in", "at", "near" it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from harmledger.extract import actors
from harmledger.extract.counts import count_from_span
from harmledger.extract.phrase_counts import is_number
from harmledger.models import Claim, Count, Span

#: How many words after a part's number its place may come ("eight of them at a bus station in").
_REACH = 9
_PEOPLE_KINDS = frozenset({"killed", "injured", "abducted", "detained", "displaced"})


def _value(text: str, token: Token) -> int | None:
    found = count_from_span(actors.token_span(text, token, token))
    return found.best if found is not None and found.qualifier == "exact" else None


def _counts_things(number: Token) -> bool:
    """ "in two attacks", "three villages": a number of things, not of people."""
    return number.dep_ == "nummod" and not actors.is_person(number.head)


def _parts(text: str, claim: Claim, doc: Doc) -> list[tuple[Token, Span]]:
    """(number, place) pairs after the claim's own count in its sentence."""
    sent = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if sent is None or claim.count.span is None:
        return []
    places = sorted(claim.places, key=lambda s: s.start)
    numbers = [
        t
        for t in sent
        if is_number(t)
        and t.idx >= claim.count.span.end
        and t.ent_type_ != "DATE"
        and not _counts_things(t)
    ]
    out: list[tuple[Token, Span]] = []
    for k, number in enumerate(numbers):
        stop = numbers[k + 1].idx if k + 1 < len(numbers) else claim.span.end
        limit = number.doc[min(number.i + _REACH, len(number.doc) - 1)].idx
        place = next((p for p in places if number.idx < p.start < min(stop, limit + 1)), None)
        if place is not None:
            out.append((number, place))
    return out


def _breakdown(text: str, claim: Claim, doc: Doc) -> list[Claim]:
    total = claim.count.best
    if claim.kind not in _PEOPLE_KINDS or claim.cumulative or not total:
        return []
    parts = [(n, p, _value(text, n)) for n, p in _parts(text, claim, doc)]
    figures = [v for _n, _p, v in parts if v is not None and 0 < v < total]
    if len(parts) < 2 or len(figures) != len(parts) or sum(figures) > total:
        return []
    return [
        replace(
            claim,
            count=Count(v, v, v, "exact", actors.token_span(text, n, n)),
            excluding_attackers=None,
            places=(place,),
            victims=(),
            is_aggregate=False,
            in_headline=False,
        )
        for n, place, v in parts
        if v is not None
    ]


def split_breakdowns(doc: Doc, text: str, claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """``claims`` with each lead that sums named parts marked aggregate and followed by its
    parts (see the module docstring)."""
    out: list[Claim] = []
    for claim in claims:
        parts = _breakdown(text, claim, doc)
        if parts:
            part_places = {p.places[0] for p in parts}
            lead = replace(
                claim,
                is_aggregate=True,
                places=tuple(p for p in claim.places if p not in part_places),
            )
            out += [lead, *parts]
        else:
            out.append(claim)
    return tuple(out)
