"""A claim of an incident with the context reconciling it needs (``reconcile.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from harmledger.models import Claim, ClaimRef, PlaceMention


@dataclass(frozen=True, slots=True)
class Member:
    """A claim of an incident with the context reconciling it needs. ``series``: the totals
    over a series of related attacks that the claim's document gives (``extract/series.py``),
    with where each is stored: context for the incident's toll, never claims of it."""

    ref: ClaimRef
    claim: Claim
    place: PlaceMention | None
    published: str | None
    title: str | None
    url: str | None
    story: str  # near-duplicate group of the claim's document
    place_inferred: bool = False  # the place is the document's, not named in the claim
    series: tuple[tuple[ClaimRef, Claim], ...] = ()
