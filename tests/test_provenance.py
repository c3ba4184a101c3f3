"""Every stored span slices the stored text to exactly the value's text.

Run over every fixture (the examples, the hand-made pages, the seed as text and as a page) and
over generated reports (hypothesis), through the whole pipeline and back out of the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmledger.clean.pipeline import clean
from harmledger.extract.rules import RuleExtractor
from harmledger.models import Document, Extraction, RawDocument, Span
from harmledger.pipeline import ingest_into
from harmledger.settings import Settings
from harmledger.store.sqlite import SQLiteStore
from seedpage import SEED, seed_html

ROOT = Path(__file__).parents[1]
FIXTURES = [ROOT / "examples", ROOT / "tests" / "fixtures" / "pages"]


def spans_of(document: Document, extraction: Extraction) -> Iterator[tuple[str, Span]]:
    """Every span stored for a document, labelled with where it came from."""
    for r in document.removed_spans:
        yield "removed", Span(r.start, r.end, r.text)
    if document.title_span:
        yield "title", document.title_span
    for p in extraction.places:
        yield "place", p.span
    for c in extraction.claims:
        yield from (("claim", s) for s in (c.span, c.trigger, *c.places, *c.targets))
        yield from (("actor", a.span) for a in (*c.victims, *c.perpetrators))
        yield from (("count", s) for s in (c.count.span,) if s)
        yield from (("date", s) for s in (c.date.span if c.date else None,) if s)
        if c.attribution:
            yield from (("source", s) for s in (c.attribution.source, *c.attribution.relay))
    for q in extraction.quotes:
        for s in (q.content, q.cue, q.speaker, q.speaker_name, q.role, q.affiliation, q.age):
            if s:
                yield "quote", s


def assert_exact(store: SQLiteStore) -> int:
    checked = 0
    for document in store.documents():
        extraction = store.extraction(document.id)
        for label, span in spans_of(document, extraction):
            assert document.text[span.start : span.end] == span.text, (label, document.origin)
            checked += 1
    return checked


def test_every_fixture(tmp_path: Path) -> None:
    inputs = [str(p) for p in FIXTURES]
    if SEED.is_file():
        inputs.append(str(SEED))
        (tmp_path / "seed.html").write_text(seed_html(), encoding="utf-8")
        inputs.append(str(tmp_path / "seed.html"))
    with SQLiteStore(tmp_path / "ledger.db") as store:
        report = ingest_into(store, inputs, Settings())
        assert report.stored >= 11
        assert assert_exact(store) > 300


SENTENCES = [
    "Gunmen killed {n} villagers in {place} on {day}, a local official said.",
    "At least {n} people were wounded when shells hit the market in {place}.",
    "According to the health ministry, {n} civilians died in {place} in recent days.",
    "“They took my brothers,” said Amal Haddad, {n}, a teacher from {place}.",
    "Militants abducted {n} women and burned homes near {place}, residents told Reuters.",
]
FURNITURE = ["0", "35", "Leave a Reply", "Share this:", "12 comments"]
PLACES = ["Aleppo", "Homs", "Mosul", "Kherson", "Gao", "El Fasher", "Baniyas", "Tripoli"]


@st.composite
def reports(draw: st.DrawFn) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 5))):
        template = draw(st.sampled_from(SENTENCES))
        paragraphs.append(
            template.format(
                n=draw(st.integers(1, 900)),
                place=draw(st.sampled_from(PLACES)),
                day=draw(st.sampled_from(["Monday", "March 3", "last week"])),
            )
        )
        if draw(st.booleans()):
            paragraphs.append(draw(st.sampled_from(FURNITURE)))
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def property_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path_factory.mktemp("prop") / "ledger.db") as store:
        yield store


@cache
def _extractor() -> RuleExtractor:
    return RuleExtractor()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=reports())
def test_generated_reports(property_store: SQLiteStore, text: str) -> None:
    digest = hashlib.sha256(text.encode()).hexdigest()
    raw = RawDocument("generated.txt", text, "text", published="2025-03-10", content_hash=digest)
    document = clean(raw)
    property_store.save(document, _extractor().extract(document), produced_by="test")
    stored = property_store.get_document(document.id)
    checked = 0
    for label, span in spans_of(stored, property_store.extraction(document.id)):
        assert stored.text[span.start : span.end] == span.text, label
        checked += 1
    assert checked > 0
