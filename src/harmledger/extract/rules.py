"""The default extractor, ``harmledger.extract.rules.v1``: spaCy plus project rules.

``RuleExtractor.extract(document)`` parses the document (page furniture masked), finds place
mentions and geocodes them, finds claims and quotes, and resolves each claim's date phrase
against the publication date. It is a pure function of the document and the installed data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cached_property

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from harmledger.extract.anaphora import carry_counts
from harmledger.extract.breakdown import split_breakdowns
from harmledger.extract.claims import find_claims
from harmledger.extract.countries import add_countries
from harmledger.extract.cumulative import resolve_periods
from harmledger.extract.event_dates import (
    choose_date_phrase,
    inherit_event_date,
    mark_cumulative,
    sentence_has_date,
)
from harmledger.extract.nlp import load_nlp, parse, parse_many, sentence_ents
from harmledger.extract.places import (
    build_matcher,
    find_embedded_place_spans,
    find_place_spans,
)
from harmledger.extract.quotes import find_quotes
from harmledger.extract.responsibility import attribute_responsibility
from harmledger.extract.roles_model.candidates import rule_fillers
from harmledger.extract.roles_model.predict import RoleModel
from harmledger.extract.series import mark_series_totals
from harmledger.models import Claim, DateInterval, Document, Extraction, Span
from harmledger.registry import extractors
from harmledger.resolve.dates import VAGUE_DATE_RE, resolve_date
from harmledger.resolve.gazetteer import normalize
from harmledger.resolve.geo import Geocoder

EXTRACTOR_NAME = "harmledger.extract.rules.v1"
MAJOR_POPULATION = 20_000
#: The role model shipped in the package, loaded on first use and shared by all extractors.
DEFAULT_MODEL = RoleModel()
_AGE_LIKE = re.compile(r"^\d{1,3}$")


class RuleExtractor:
    """Claims, quotes and places from one document, by rules on the spaCy parse."""

    name = EXTRACTOR_NAME

    def __init__(
        self, geocoder: Geocoder | None = None, role_model: RoleModel | None = DEFAULT_MODEL
    ) -> None:
        """``role_model``: the trained role model run after the rules (``None``: rules only;
        by default the model shipped in the package, ``extract/roles_model/``)."""
        self._geocoder = geocoder
        self._role_model = role_model

    @cached_property
    def geocoder(self) -> Geocoder:
        return self._geocoder or Geocoder()

    @cached_property
    def matcher(self) -> PhraseMatcher:
        return build_matcher(load_nlp(), self.geocoder.gazetteer.phrase_names())

    def is_major_place(self, name: str) -> bool:
        """A country, demonym, first-order division or town of 20,000+ people of that name."""
        return any(
            c.feature_class == "A" or c.population >= MAJOR_POPULATION
            for c in self.geocoder.gazetteer.candidates(name)
            if normalize(c.name) == normalize(name) or c.where_prec >= 4
        )

    def extract(self, document: Document, doc: Doc | None = None) -> Extraction:
        """Everything found in ``document``; ``doc`` is its parse if already made."""
        if doc is None:
            doc = parse(document)
        extraction, spans = self.extract_rules(document, doc)
        if self._role_model is None:
            return extraction
        fillers = self._role_model.fillers(document.text, doc, rule_fillers(extraction), spans)
        return replace(extraction, roles=fillers, modelled_roles=self._role_model.modelled_roles())

    def extract_rules(self, document: Document, doc: Doc) -> tuple[Extraction, list[Span]]:
        """What the rules find in ``document`` (parsed as ``doc``), and every place mention
        span found (placed or not), in text order."""
        text = document.text
        spans = find_place_spans(
            doc, text, matcher=self.matcher, is_known_place=self.geocoder.gazetteer.is_known_place
        )
        embedded = find_embedded_place_spans(doc, text, self.is_major_place, spans)
        places = self.geocoder.geocode(
            sorted(spans + embedded, key=lambda s: s.start), text=text, url=document.url
        )
        literal = set(spans)
        literal_places = [p for p in places if p.span in literal]
        claims = find_claims(
            doc,
            text,
            literal_places,
            lambda token: claim_date(token, text, document.published),
            extractor=self.name,
            headline=document.title_span,
        )
        claims = split_breakdowns(doc, text, claims)
        claims = mark_series_totals(claims, text, document.published)
        claims = add_countries(attribute_responsibility(doc, text, claims), literal_places, doc)
        claims = resolve_periods(claims, document.published)
        claims = carry_counts(claims, text)
        claims = mark_cumulative(claims, text)
        claims = inherit_event_date(claims, text, lambda claim: claim_has_date(doc, claim, text))
        quotes = find_quotes(doc, text, extractor=self.name)
        located = tuple(p for p in places if p.lat is not None)  # the map layer: placed names
        extraction = Extraction(document.id, claims, quotes, located, extractor=self.name)
        return extraction, [p.span for p in places]

    def extract_many(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[Extraction]:
        """``extract`` over many documents, parsing them in batches with ``nlp.pipe``."""
        docs = list(documents)
        parsed = parse_many(docs, batch_size=batch_size)
        for document, doc in zip(docs, parsed, strict=True):
            yield self.extract(document, doc)


def date_phrases(token: Token, text: str) -> list[Span]:
    """Date phrases in the sentence of ``token``: DATE entities and vague phrases."""
    sent = token.sent
    found: list[Span] = []
    for ent in sentence_ents(sent):
        if ent.label_ == "DATE" and not _AGE_LIKE.match(ent.text.strip()):
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


@extractors.register(EXTRACTOR_NAME)
def make_rule_extractor(geocoder: Geocoder | None = None) -> RuleExtractor:
    return RuleExtractor(geocoder)
