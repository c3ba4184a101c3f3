"""The default extractor, ``harmledger.extract.rules.v1``: spaCy plus project rules.

``RuleExtractor.draft(document)`` parses the document (page furniture masked) and runs the
extract stage's components on the parse (``extract.builtin``, in order: place names, harm
triggers, counts, actors, sources, claims, breakdowns, cumulative totals, responsibility,
count anaphora, event dates, quotes). Each may be replaced alone: pass ``components``. The
result is a ``Draft``: what the text says, with spans, nothing geocoded. ``extract`` adds the
resolve stage (``resolve.stage.Resolver``) for callers outside the pipeline. Both are pure
functions of the document and the installed data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cached_property

from spacy.tokens import Doc

from harmledger.extract.builtin import BUILTIN, builtin_components
from harmledger.extract.components import Component, ComponentPipeline
from harmledger.extract.dating import as_phrase, claim_date, claim_has_date, date_phrases
from harmledger.extract.nlp import parse, parse_many
from harmledger.models import Document, Draft, Extraction, Span
from harmledger.resolve.geo import Geocoder
from harmledger.resolve.stage import Resolver

EXTRACTOR_NAME = "harmledger.extract.rules.v1"

__all__ = [
    "EXTRACTOR_NAME",
    "RuleExtractor",
    "claim_date",
    "claim_has_date",
    "date_phrases",
    "make_rule_extractor",
]


class RuleExtractor:
    """Claims, quotes and place names from one document, by components on the spaCy parse."""

    #: What its ``Draft`` carries, checked against the resolve stage's ``requires``.
    assigns = (
        "draft.claims",
        "draft.quotes",
        "draft.places",
        "draft.embedded_places",
        "draft.place_modifiers",
        "draft.sentences",
    )

    def __init__(
        self, geocoder: Geocoder | None = None, components: Sequence[Component] | None = None
    ) -> None:
        self._geocoder = geocoder
        self._components = components
        if components is not None:
            _ = self.pipeline  # checked now: a wrong order fails before any document is read

    @cached_property
    def geocoder(self) -> Geocoder:
        return self._geocoder or Geocoder()

    @cached_property
    def name(self) -> str:
        """The extractor's version name; a stage with components other than the built-ins
        names them: ``harmledger.extract.rules.v1+my.counts.v2``."""
        swapped = [n for n in self.pipeline.names if n not in BUILTIN]
        return "+".join([EXTRACTOR_NAME, *swapped])

    @cached_property
    def pipeline(self) -> ComponentPipeline:
        """The components, checked: each finds what it requires before it."""
        if self._components is not None:
            return ComponentPipeline(self._components)
        return ComponentPipeline(
            builtin_components(geocoder=self.geocoder, extractor=EXTRACTOR_NAME)
        )

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(self.geocoder)

    def draft(self, document: Document, doc: Doc | None = None) -> Draft:
        """What the text of ``document`` says, before resolution; ``doc`` is its parse if
        already made."""
        if doc is None:
            doc = parse(document)
        state = self.pipeline(doc, document)
        text = document.text
        claims, quotes = tuple(as_phrase(c) for c in state.claims), state.quotes
        if self.name != EXTRACTOR_NAME:  # what a swapped stage found says which stage it was
            claims = tuple(replace(c, extractor=self.name) for c in claims)
            quotes = tuple(replace(q, extractor=self.name) for q in quotes)
        return Draft(
            document.id,
            claims,
            quotes,
            places=tuple(state.places),
            embedded_places=tuple(state.embedded_places),
            place_modifiers=state.place_modifiers,
            sentences=tuple(Span.of(text, s.start_char, s.end_char) for s in doc.sents),
            extractor=self.name,
            roles=state.roles,
            modelled_roles=state.modelled_roles,
        )

    def extract(self, document: Document, doc: Doc | None = None) -> Extraction:
        """The draft of ``document`` resolved: both stages, for callers outside the pipeline."""
        return self.resolver.resolve(document, self.draft(document, doc))

    def draft_many(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Draft]:
        """``draft`` over many documents, parsing them in batches with ``nlp.pipe``."""
        docs = list(documents)
        parsed = parse_many(docs, batch_size=batch_size)
        for document, doc in zip(docs, parsed, strict=True):
            yield self.draft(document, doc)

    def extract_many(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[Extraction]:
        """``extract`` over many documents, parsing them in batches with ``nlp.pipe``."""
        docs = list(documents)
        for document, draft in zip(docs, self.draft_many(docs, batch_size), strict=True):
            yield self.resolver.resolve(document, draft)


def make_rule_extractor(
    geocoder: Geocoder | None = None, components: Sequence[Component] | None = None
) -> RuleExtractor:
    return RuleExtractor(geocoder, components)
