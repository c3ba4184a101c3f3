"""The abstract Store: final public methods, validation and error wrapping.

This module also holds the hand-built sample records (``sample_document``,
``sample_extraction``) that the store and export tests import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace

import pytest

from harmledger.errors import StoreError
from harmledger.models import (
    Actor,
    Attribution,
    Claim,
    Count,
    DateInterval,
    Document,
    Extraction,
    PlaceMention,
    Quote,
    Rejection,
    RemovedSpan,
    Span,
)
from harmledger.store.base import Store

HEADLINE = "Gunmen kill 12 villagers near Baniyas"
TEXT = (
    f"{HEADLINE}\n"
    "Share this article\n"
    "At least 12 civilians, including two children, were killed on Thursday in Baniyas by"
    " armed men, a resident, Samir Haidar, told AFP. \u201cThey came at night,\u201d Haidar"
    " said. Dozens of homes were burned in Latakia, the Syrian Observatory for Human Rights"
    " said."
)
WITNESS = "Samir Haidar"
RULES = "harmledger.extract.rules.v1"
GEO = "harmledger.resolve.geo.v1"


def sp(text: str, sub: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Span.of(text, start, start + len(sub))


def sample_document(text: str = TEXT, **overrides: object) -> Document:
    fields: dict[str, object] = {
        "id": hashlib.sha256(text.encode()).hexdigest(),
        "origin": "tests/sample.txt",
        "format": "text",
        "text": text,
        "external_id": "sample-1",
        "url": "https://example.org/news/1",
        "canonical_url": "https://example.org/news/1",
        "title": HEADLINE,
        "title_span": sp(text, HEADLINE) if HEADLINE in text else None,
        "author": "Staff writer",
        "published": "2025-03-07",
        "cleaner": "harmledger.clean.pipeline.v1",
    }
    if "Share this article\n" in text:
        share = sp(text, "Share this article\n")
        fields["removed_spans"] = (RemovedSpan(share.start, share.end, "share_prompt", share.text),)
    fields.update(overrides)
    return Document(**fields)  # type: ignore[arg-type]


def sample_claims(t: str = TEXT) -> tuple[Claim, ...]:
    killed = Claim(
        kind="killed",
        span=sp(
            t,
            "At least 12 civilians, including two children, were killed on Thursday in "
            "Baniyas by armed men",
        ),
        trigger=sp(t, "killed"),
        count=Count(12, 12, None, "at_least", sp(t, "At least 12")),
        victims=(Actor(sp(t, "civilians"), civilian=True), Actor(sp(t, "two children"))),
        perpetrators=(Actor(sp(t, "armed men"), certainty="alleged"),),
        places=(sp(t, "Baniyas", 1),),
        date=DateInterval("2025-03-06", "2025-03-06", 1, sp(t, "Thursday")),
        attribution=Attribution(sp(t, WITNESS), "witness", (sp(t, "AFP"),)),
        confidence=0.8,
        extractor=RULES,
    )
    burned = Claim(
        kind="property",
        span=sp(t, "Dozens of homes were burned in Latakia"),
        trigger=sp(t, "burned"),
        count=Count(24, None, None, "vague", sp(t, "Dozens")),
        targets=(sp(t, "homes"),),
        places=(sp(t, "Latakia"),),
        date=DateInterval(None, None, None),
        attribution=Attribution(sp(t, "Syrian Observatory for Human Rights"), "monitor"),
        is_aggregate=True,
        extractor=RULES,
    )
    headline = Claim(
        kind="killed",
        span=sp(t, HEADLINE),
        trigger=sp(t, "kill"),
        count=Count(12, 12, 12, "exact", sp(t, "12")),
        victims=(Actor(sp(t, "villagers"), group="Alawite", civilian=None),),
        perpetrators=(Actor(sp(t, "Gunmen"), certainty="claimed"),),
        places=(sp(t, "Baniyas"),),
        in_headline=True,
        confidence=0.25,
        extractor=RULES,
    )
    return (killed, burned, headline)


def sample_extraction(doc: Document | None = None) -> Extraction:
    doc = doc or sample_document()
    t = doc.text
    quotes = (
        Quote(
            content=sp(t, "They came at night,"),
            cue=sp(t, "said"),
            speaker=sp(t, "Haidar", 1),
            direct=True,
            speaker_name=sp(t, WITNESS),
            role=sp(t, "resident"),
            relayed_via=sp(t, "AFP"),
            extractor="harmledger.extract.quotes.v1",
        ),
        Quote(sp(t, "Dozens of homes were burned in Latakia"), None, None, direct=False),
    )
    places = (
        PlaceMention(
            sp(t, "Baniyas", 1),
            173811,
            None,
            "Baniyas",
            35.18233,
            35.94015,
            "SY",
            "Tartus",
            "Baniyas District",
            "P",
            1,
            2,
            GEO,
        ),
        PlaceMention(
            sp(t, "Latakia"),
            173579,
            None,
            "Latakia",
            35.53168,
            35.79011,
            "SY",
            "Latakia",
            feature_class="P",
            geo_precision=1,
            where_prec=2,
            geocoder=GEO,
        ),
        PlaceMention(sp(t, "Baniyas"), geocoder=GEO),  # not geocoded: no coordinates
    )
    return Extraction(doc.id, sample_claims(t), quotes, places, extractor=RULES)


# -- a backend whose every call fails, to test the wrapping ----------------------------------


class FailingStore(Store):
    """Every backend method raises OSError with a two-line message."""

    def _fail(self, *args: object) -> object:
        raise OSError("disk I/O error\nsecond line")

    def _iter_fail(self, *args: object) -> Iterator[object]:
        yield from ()
        raise OSError("disk I/O error")

    _has_document = _save = _add_rejection = _match_ids = _get_document = _fail  # type: ignore
    _extraction = _rejections = _counts = _search = _fail  # type: ignore
    _documents = _claims = _quotes = _places = _iter_fail  # type: ignore

    def _close(self) -> None:
        pass


PUBLIC = (
    "has_document",
    "save",
    "add_rejection",
    "get_document",
    "documents",
    "extraction",
    "claims",
    "quotes",
    "places",
    "rejections",
    "counts",
    "search",
    "close",
)


@pytest.mark.parametrize("name", PUBLIC)
def test_public_methods_are_final(name: str) -> None:
    assert getattr(getattr(Store, name), "__final__", False) is True


def test_sample_spans_slice_the_text() -> None:
    doc = sample_document()
    assert doc.title_span is not None and doc.title_span.text == HEADLINE
    assert doc.text[doc.removed_spans[0].start : doc.removed_spans[0].end] == "Share this article\n"
    for claim in sample_claims():
        assert TEXT[claim.span.start : claim.span.end] == claim.span.text


def test_backend_errors_become_one_line_store_errors() -> None:
    store = FailingStore()
    with pytest.raises(StoreError) as info:
        store.has_document("abc")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("could not look up a document (disk I/O error second line)")
    assert "check the database" in message
    assert isinstance(info.value.__cause__, OSError)


def test_errors_while_iterating_are_wrapped() -> None:
    store = FailingStore()
    with pytest.raises(StoreError, match="could not read claims"):
        list(store.claims())
    with pytest.raises(StoreError, match="could not read documents"):
        list(store.documents())


def test_rejection_and_counts_errors_are_wrapped() -> None:
    store = FailingStore()
    with pytest.raises(StoreError, match="record the rejection"):
        store.add_rejection(Rejection("x", "ingest", "DecodeError", "bad bytes"))
    with pytest.raises(StoreError, match="count rows"):
        store.counts()


def test_save_refuses_a_span_that_does_not_slice_the_text() -> None:
    doc = sample_document()
    ext = sample_extraction(doc)
    bad_claim = ext.claims[0].__class__(
        kind="killed",
        span=Span(0, 6, "Rebels"),  # the text says "Gunmen" there
        trigger=sp(TEXT, "kill"),
        count=Count(None, None, None, "unknown"),
    )
    bad = Extraction(doc.id, (bad_claim,))
    with pytest.raises(StoreError, match="claim span 0-6 'Rebels' does not slice"):
        FailingStore().save(doc, bad, produced_by="test")


def test_save_refuses_spans_past_the_end_and_foreign_extractions() -> None:
    doc = sample_document()
    outside = PlaceMention(Span(len(TEXT), len(TEXT) + 3, "Foo"))
    with pytest.raises(StoreError, match="place mention span"):
        FailingStore().save(doc, Extraction(doc.id, places=(outside,)), produced_by="t")
    with pytest.raises(StoreError, match="extraction is for document"):
        FailingStore().save(doc, Extraction("other"), produced_by="t")
    with pytest.raises(StoreError, match="needs produced_by"):
        FailingStore().save(doc, None, produced_by=" ")
    with pytest.raises(StoreError, match="removed span"):
        FailingStore().save(
            sample_document(removed_spans=(RemovedSpan(5, len(TEXT) + 1, "counter"),)),
            None,
            produced_by="t",
        )


def test_argument_checks_happen_before_iteration() -> None:
    store = FailingStore()
    with pytest.raises(StoreError, match="unknown claim kind 'murdered'"):
        store.claims(kind="murdered")  # no next() needed
    with pytest.raises(StoreError, match="empty search"):
        store.search("   ")
    with pytest.raises(StoreError, match="no document id given"):
        store.get_document("")


def test_a_closed_store_says_so() -> None:
    store = FailingStore()
    with store:
        pass
    assert store.closed
    store.close()  # twice is harmless
    with pytest.raises(StoreError, match="the store is closed; open it again"):
        store.has_document("abc")
    with pytest.raises(StoreError, match="closed"):
        store.claims()


@pytest.mark.parametrize("value", [-1, 2**63, 10**400], ids=["negative", "2**63", "10**400"])
def test_save_refuses_a_count_the_ledger_cannot_hold(value: int) -> None:
    doc = sample_document()
    ext = sample_extraction(doc)
    first = ext.claims[0]
    bad = replace(first, count=Count(value, value, value, "exact", first.count.span))
    with pytest.raises(StoreError, match=r"outside 0\.\.2\*\*63-1"):
        FailingStore().save(doc, Extraction(doc.id, (bad,)), produced_by="test")
