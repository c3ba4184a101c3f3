"""The resolve stage: a ``Draft`` of the extract stage in, an ``Extraction`` out.

The extract stage finds what the text says: place names, claims, quotes, each with its span.
This stage places them in the world and in time: it resolves each claim's date phrase and
period phrase against the publication date, geocodes the place names (offline gazetteer), marks
a claim an aggregate when its places lie far apart (``aggregates.mark_spread``) and adds the
country the report names to each claim's places (``countries.add_countries``). Any extractor,
rules or trained, hands over a ``Draft`` and gets the same resolution.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from harmledger.models import Claim, Document, Draft, Extraction
from harmledger.resolve.aggregates import mark_spread
from harmledger.resolve.countries import add_countries
from harmledger.resolve.dates import resolve_date
from harmledger.resolve.geo import Geocoder
from harmledger.resolve.periods import resolve_periods

RESOLVER_NAME = "harmledger.resolve.v1"


class Resolver:
    """Geocodes a draft's place names and finishes its claims."""

    name = RESOLVER_NAME
    #: What a draft must carry, and what the resolved extraction gains (see ARCHITECTURE.md).
    requires = (
        "draft.claims",
        "draft.places",
        "draft.embedded_places",
        "draft.place_modifiers",
        "draft.sentences",
    )
    assigns = (
        "extraction.places",
        "claim.date",
        "claim.period",
        "claim.is_aggregate",
        "claim.places",
    )

    def __init__(self, geocoder: Geocoder | None = None) -> None:
        self._geocoder = geocoder

    @cached_property
    def geocoder(self) -> Geocoder:
        return self._geocoder or Geocoder()

    def resolve(self, document: Document, draft: Draft) -> Extraction:
        """The draft of ``document`` with its places geocoded and its claims finished."""
        mentions = sorted(draft.places + draft.embedded_places, key=lambda s: s.start)
        places = self.geocoder.geocode(mentions, text=document.text, url=document.url)
        literal = set(draft.places)
        literal_places = [p for p in places if p.span in literal]
        modifiers = frozenset(draft.place_modifiers)
        claims = resolve_periods(draft.claims, document.published)
        claims = resolve_dates(claims, document.published)
        claims = mark_spread(
            claims, {p.span: p for p in literal_places}, draft.sentences, modifiers
        )
        claims = add_countries(claims, literal_places, modifiers)
        located = tuple(p for p in places if p.lat is not None)  # the map layer: placed names
        return Extraction(
            draft.document_id,
            claims,
            draft.quotes,
            located,
            extractor=draft.extractor,
            roles=draft.roles,
            modelled_roles=draft.modelled_roles,
        )


def resolve_dates(claims: tuple[Claim, ...], published: str | None) -> tuple[Claim, ...]:
    """Each claim's date phrase (a ``DateInterval`` with only its span) resolved against the
    publication date; a date already placed is kept."""
    out = []
    for claim in claims:
        date = claim.date
        if date is not None and date.span is not None and date.start is None and date.end is None:
            claim = replace(claim, date=resolve_date(date.span, published))
        out.append(claim)
    return tuple(out)
