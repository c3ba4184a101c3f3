"""The resolve stage: a draft's place names geocoded, its claims finished, nothing else."""

from __future__ import annotations

from harmledger.extract.rules import RuleExtractor
from harmledger.models import Document, Draft
from harmledger.resolve.stage import RESOLVER_NAME, Resolver

TEXT = "Air strikes killed 12 civilians in Idlib and Daraa on Monday, activists said. Iraq"


def document(text: str = TEXT) -> Document:
    return Document("d1", "test", "text", text, published="2025-03-10")


def test_the_draft_holds_names_not_coordinates() -> None:
    draft = RuleExtractor().draft(document())
    assert isinstance(draft, Draft)
    assert [s.text for s in draft.places] == ["Idlib", "Daraa", "Iraq"]
    (claim,) = draft.claims
    assert not claim.is_aggregate  # where the places lie is not known yet
    assert draft.sentences[0].text.startswith("Air strikes")


def test_resolving_geocodes_and_marks_a_spread_toll() -> None:
    extractor = RuleExtractor()
    draft = extractor.draft(document())
    extraction = Resolver(extractor.geocoder).resolve(document(), draft)
    (claim,) = extraction.claims
    assert claim.is_aggregate  # Idlib and Daraa lie far apart
    assert {p.country for p in extraction.places} == {"SY", "IQ"}
    assert extraction.quotes == draft.quotes and extraction.extractor == draft.extractor


def test_extract_is_draft_then_resolve() -> None:
    extractor = RuleExtractor()
    assert extractor.extract(document()) == extractor.resolver.resolve(
        document(), extractor.draft(document())
    )
    assert extractor.resolver.name == RESOLVER_NAME
