"""The resolve stage: a draft's place names geocoded, its claims finished, nothing else."""

from __future__ import annotations

from dataclasses import replace

from harmledger.extract.rules import RuleExtractor
from harmledger.models import Claim, Count, DateInterval, Document, Draft, Span
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
    assert claim.date is not None and claim.date.span is not None
    assert claim.date.span.text == "on Monday" and claim.date.start is None  # a phrase only
    assert draft.sentences[0].text.startswith("Air strikes")


def test_resolving_geocodes_and_marks_a_spread_toll() -> None:
    extractor = RuleExtractor()
    draft = extractor.draft(document())
    extraction = Resolver(extractor.geocoder).resolve(document(), draft)
    (claim,) = extraction.claims
    assert claim.is_aggregate  # Idlib and Daraa lie far apart
    assert claim.date is not None and claim.date.start == claim.date.end == "2025-03-10"
    assert {p.country for p in extraction.places} == {"SY", "IQ"}
    assert extraction.quotes == draft.quotes and extraction.extractor == draft.extractor


def test_extract_is_draft_then_resolve() -> None:
    extractor = RuleExtractor()
    assert extractor.extract(document()) == extractor.resolver.resolve(
        document(), extractor.draft(document())
    )
    assert extractor.resolver.name == RESOLVER_NAME


def test_a_drafts_phrases_are_dated_and_placed_dates_kept() -> None:
    text = "Five were killed on Saturday. Twelve have died since 2014."
    sat = Span.of(text, text.index("Saturday"), text.index("Saturday") + 8)
    since = Span.of(text, text.index("since"), text.index("since") + 10)
    phrase = Claim(
        "killed",
        Span.of(text, 0, 29),
        sat,
        Count(5, 5, 5, "exact"),
        date=DateInterval(None, None, None, sat),
    )
    placed = replace(phrase, date=DateInterval("2020-01-01", "2020-01-01", 1, sat))
    total = Claim(
        "killed",
        Span.of(text, 30, len(text)),
        since,
        Count(12, 12, 12, "exact"),
        cumulative=True,
        period=DateInterval(None, None, None, since),
    )
    draft = Draft("d2", (phrase, placed, total), extractor="test")
    out = Resolver().resolve(Document("d2", "t", "text", text, published="2025-03-12"), draft)
    assert out.claims[0].date == DateInterval("2025-03-08", "2025-03-08", 1, sat)
    assert out.claims[1].date == placed.date  # already placed: kept
    assert out.claims[2].period is not None and out.claims[2].period.start == "2014-01-01"
    assert out.claims[2].period.end == "2025-03-12"
