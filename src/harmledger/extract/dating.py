"""Which date phrase of a claim's sentence dates the harm, resolved against publication.

``claim_date`` picks the phrase (``event_dates.choose_date_phrase``: the trigger's clause
first, never a statement's date) and resolves it; ``claim_has_date`` tells whether the
sentence has any date or period phrase at all (a statement's date too).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from harmledger.extract.event_dates import choose_date_phrase, sentence_has_date
from harmledger.extract.nlp import sentence_ents
from harmledger.models import Claim, DateInterval, Span
from harmledger.resolve.dates import DATE_RANGE_RE, VAGUE_DATE_RE, resolve_date

_AGE_LIKE = re.compile(r"^\d{1,3}$")


def date_phrases(token: Token, text: str) -> list[Span]:
    """Date phrases in the sentence of ``token``: stretches between two dates, DATE entities
    and vague phrases. "Sometime between March 3, 2024 and March 7, 2024" is one phrase,
    where the tagger may see only "2024" and "March 7, 2024"."""
    sent = token.sent
    found = [
        Span.of(text, m.start(), m.end())
        for m in DATE_RANGE_RE.finditer(text, sent.start_char, sent.end_char)
    ]
    ranges = list(found)
    for ent in sentence_ents(sent):
        inside = any(r.start <= ent.start_char < r.end for r in ranges)
        if ent.label_ == "DATE" and not inside and not _AGE_LIKE.match(ent.text.strip()):
            found.append(Span.of(text, ent.start_char, ent.end_char))
    for m in VAGUE_DATE_RE.finditer(text, sent.start_char, sent.end_char):
        if not any(s.start <= m.start() < s.end for s in found):
            found.append(Span.of(text, m.start(), m.end()))
    return found


def claim_date(token: Token, text: str, published: str | None) -> DateInterval | None:
    """The date of the harm: a phrase of the trigger's clause, else one of its sentence not
    attached to a speech verb (``event_dates.choose_date_phrase``), resolved against the
    publication date; None when the sentence dates no event."""
    phrase = choose_date_phrase(token, date_phrases(token, text), text, published)
    return resolve_date(phrase, published) if phrase is not None else None


def claim_has_date(doc: Doc, claim: Claim, text: str) -> bool:
    """Does the sentence of the claim's trigger have any date or period phrase?"""
    found = doc.char_span(claim.trigger.start, claim.trigger.end, alignment_mode="expand")
    if found is None or not len(found):
        return False
    return sentence_has_date(found[0], date_phrases(found[0], text), text)


def as_phrase(claim: Claim) -> Claim:
    """``claim`` with its date as the phrase only (the interval left to the resolve stage).
    The rule components read the date grammar to choose and weigh phrases; what they hand
    over is the phrase, as any extractor would."""
    date = claim.date
    if date is None or date.span is None:
        return claim
    return replace(claim, date=DateInterval(None, None, None, date.span))
