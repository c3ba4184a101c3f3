"""Helpers shared by the quote tests: find quotes in a hand-written text and look at them."""

from __future__ import annotations

from harmledger.extract.nlp import load_nlp
from harmledger.extract.quotes import find_quotes
from harmledger.models import Quote, Span


def quotes_of(text: str, masked: str | None = None) -> tuple[Quote, ...]:
    """The quotes of ``text`` (parsed from ``masked`` when given: furniture blanked out)."""
    return find_quotes(load_nlp()(masked or text), text, extractor="test.v1")


def text_of(span: Span | None) -> str | None:
    return None if span is None else span.text


def quote_with(quotes: tuple[Quote, ...], content: str) -> Quote:
    found = [q for q in quotes if q.content.text == content]
    assert found, [q.content.text for q in quotes]
    return found[0]


def assert_spans_slice(quotes: tuple[Quote, ...], text: str) -> None:
    """Every span of every quote slices ``text`` exactly."""
    for quote in quotes:
        for span in (quote.content, quote.cue, quote.speaker, quote.speaker_name, quote.role,
                     quote.affiliation, quote.age, quote.relayed_via):  # fmt: skip
            if span is not None:
                assert 0 <= span.start < span.end <= len(text)
                assert span.text == text[span.start : span.end]
