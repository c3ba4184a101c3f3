"""Quote drafts and their assembly into finished ``Quote`` records.

A :class:`Draft` is a quote under construction. Once all are found, nested indirect quotes
are dropped (:func:`nested`), a quote left without a speaker takes the one of the quote
before it, one paragraph up at most (:func:`carry_over`), and each draft becomes a ``Quote``
(:func:`to_quote`). :func:`attributions` joins a quote split by its cue into one record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Token

from harmledger.extract import quote_phrases as ph
from harmledger.extract import speakers as sp
from harmledger.extract.lexicon import SPEECH_LEMMAS
from harmledger.extract.quote_marks import Offsets, overlap, within
from harmledger.models import Quote, Span

_CARRY_LINES = 2  # a quote without a speaker takes one from this many lines (paragraphs) up
_SAME_SHARE = 0.5  # a source phrase's content this much inside another quote adds nothing


@dataclass(slots=True)
class Draft:
    """A quote under construction."""

    content: Offsets
    direct: bool
    cue: Offsets | None = None
    cue_token: Token | None = None
    speaker_head: Token | None = None
    line: int = 0
    info: ph.SpeakerInfo | None = None
    phrase: bool = False  # "According to X, ...": never hides the quotes inside it


def nested(draft: Draft, drafts: Sequence[Draft]) -> bool:
    """True when an indirect quote's cue lies inside another indirect quote's content (what X
    said Y said), unless it is a second verb of the same speaker ("said A and warned B"), the
    verb an infinitive cue takes ("declined to comment on ...") or a statement inside an
    "According to X, ..." ("According to X, Y said Z": two attributions)."""
    cue = draft.cue_token
    if cue is None or draft.cue is None or (cue.dep_ == "conj" and sp.is_cue(cue.head)):
        return False
    for other in drafts:
        takes = other.cue_token is not None and cue.dep_ == "xcomp" and cue.head == other.cue_token
        if (
            other is not draft
            and not other.direct
            and not (other.phrase and cue.lemma_.lower() in SPEECH_LEMMAS)
            and not takes
            and within(draft.cue, other.content)
        ):
            return True
    return False


def same_ground(source: Offsets, other: Offsets) -> bool:
    """True when another quote covers at least half of a source phrase's content, so that the
    phrase adds little ("According to X, Y said Z" keeps both when Z is the smaller part)."""
    return overlap(source, other) >= _SAME_SHARE * (source[1] - source[0])


def carry_over(drafts: Sequence[Draft]) -> None:
    """A quote with no speaker of its own ("Adding, “...”", a long quote with no cue) keeps
    the speaker of the last quote before it in its paragraph or the one before (drafts in
    text order)."""
    last: Draft | None = None
    for draft in drafts:
        near = last is not None and draft.line - last.line <= _CARRY_LINES
        if draft.speaker_head is None and last is not None and near:
            draft.speaker_head = last.speaker_head
        if draft.speaker_head is not None:
            last = draft


def _span(text: str, offsets: Offsets | None) -> Span | None:
    """A ``Span`` of the real text, or None."""
    return None if offsets is None else Span.of(text, offsets[0], offsets[1])


def to_quote(draft: Draft, text: str, extractor: str) -> Quote:
    """The finished record."""
    info = draft.info or ph.SpeakerInfo((0, 0))
    cue = draft.cue_token
    relay = ph.relay_of(cue) if cue is not None and cue.pos_ == "VERB" else None
    return Quote(
        content=Span.of(text, *draft.content),
        cue=_span(text, draft.cue),
        speaker=_span(text, info.speaker) if draft.info else None,
        direct=draft.direct,
        speaker_name=_span(text, info.name),
        role=_span(text, info.role),
        affiliation=_span(text, info.affiliation),
        age=_span(text, info.age),
        relayed_via=_span(text, relay),
        extractor=extractor,
    )


def attributions(quotes: Sequence[Quote], text: str) -> tuple[Quote, ...]:
    """One quote per cue: a split quote ("“A,” he said. “B.”") becomes one spanning A to B, the
    unit of an attribution-level export such as the eval format."""
    grouped: dict[tuple[int, int] | int, Quote] = {}
    for number, quote in enumerate(quotes):
        key = (quote.cue.start, quote.cue.end) if quote.cue is not None else number
        first = grouped.get(key)
        if first is None:
            grouped[key] = quote
            continue
        start = min(first.content.start, quote.content.start)
        end = max(first.content.end, quote.content.end)
        grouped[key] = replace(first, content=Span.of(text, start, end))
    return tuple(sorted(grouped.values(), key=lambda q: q.content.start))
