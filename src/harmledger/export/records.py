"""Helpers the exporters share: witness protection and span overlap.

A claim whose ``attribution.source_type`` is ``"witness"`` names a private person. Unless an
exporter is asked for ``include_names=True``, the source's text becomes ``WITHHELD`` (its
start/end are kept, so the place in the stored text can still be found by those who hold the
database), and whole-word occurrences of the name in the claim's other spans are replaced too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from harmledger.models import Actor, Claim, Span
from harmledger.store.base import Store

WITHHELD = "[witness withheld]"
_MIN_NAME = 3  # shorter sources ("he") are pronouns, not names: only the source is withheld


def is_witness_claim(claim: Claim) -> bool:
    return claim.attribution is not None and claim.attribution.source_type == "witness"


def withhold_witness(claim: Claim) -> Claim:
    """The claim with its witness source's name withheld (unchanged when not a witness)."""
    attribution = claim.attribution
    if attribution is None or not is_witness_claim(claim):
        return claim
    name = attribution.source.text.strip()
    pattern = None
    if len(name) >= _MIN_NAME:
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")

    def red(span: Span) -> Span:
        return span if pattern is None else replace(span, text=pattern.sub(WITHHELD, span.text))

    def red_actor(actor: Actor) -> Actor:
        return replace(actor, span=red(actor.span))

    source = Span(attribution.source.start, attribution.source.end, WITHHELD)
    count, date = claim.count, claim.date
    return replace(
        claim,
        span=red(claim.span),
        trigger=red(claim.trigger),
        count=replace(count, span=red(count.span)) if count.span else count,
        victims=tuple(red_actor(a) for a in claim.victims),
        perpetrators=tuple(red_actor(a) for a in claim.perpetrators),
        targets=tuple(red(s) for s in claim.targets),
        places=tuple(red(s) for s in claim.places),
        date=replace(date, span=red(date.span)) if date and date.span else date,
        attribution=replace(
            attribution, source=source, relay=tuple(red(s) for s in attribution.relay)
        ),
    )


def public_claims(
    store: Store, *, include_names: bool, document_id: str | None = None
) -> Iterator[tuple[str, Claim]]:
    """``store.claims()`` with witness names withheld unless ``include_names``."""
    for doc_id, claim in store.claims(document_id=document_id):
        yield doc_id, claim if include_names else withhold_witness(claim)


def overlaps(a: Span, b: Span) -> bool:
    """True when the two spans share at least one character (or are the same empty span)."""
    if a.start == b.start and a.end == b.end:
        return True
    return a.start < b.end and b.start < a.end
