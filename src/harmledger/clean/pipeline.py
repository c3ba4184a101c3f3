"""The clean stage: ``RawDocument`` -> ``Document`` (stored text + removed spans + metadata).

Plain text is stored exactly as given; furniture is only recorded as ``RemovedSpan`` records.
HTML is reduced to article text by :func:`harmledger.clean.html.extract_html` first.
Registered as ``harmledger.clean.v1`` in :data:`harmledger.registry.cleaners`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from email.utils import parsedate_to_datetime

from harmledger.clean.furniture import find_furniture, find_title
from harmledger.clean.html import extract_html
from harmledger.clean.pubdate import find_published
from harmledger.errors import CleanError
from harmledger.models import Document, RawDocument, RemovedSpan, Span

CLEANER_NAME = "harmledger.clean.v1"

_ISO_PREFIX = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\d)")
_FIRST_PARAGRAPH = re.compile(r"\s*(\S[^\n]*(?:\n(?![ \t\r]*\n)[^\n]*)*)")


def normalise_date(value: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from an ISO date, ISO timestamp or RFC 2822 feed date.

    The calendar date is taken as written (no time-zone shift). Anything that does not parse
    gives ``None``: an unknown date stays unknown.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    match = _ISO_PREFIX.match(value)
    if match:
        try:
            return date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def clean(raw: RawDocument) -> Document:
    """Clean one raw document.

    Raises :class:`~harmledger.errors.CleanError` when no article text is left once page
    furniture is set aside.
    """
    if raw.format == "html":
        document = _clean_html(raw)
    elif raw.format == "text":
        document = _clean_text(raw)
    else:
        raise CleanError(f"unknown input format {raw.format!r} for {raw.origin}; use text or html")
    if _is_all_furniture(document.text, document.removed_spans):
        raise CleanError(
            f"no article text left in {raw.origin} once page furniture is removed; "
            "check that the input is an article"
        )
    return document


def make_cleaner() -> Callable[[RawDocument], Document]:
    """The registry factory for ``harmledger.clean.v1``: returns :func:`clean`."""
    return clean


def _clean_text(raw: RawDocument) -> Document:
    """Plain text: stored unchanged; headline and furniture recorded as spans.

    With no usable publication date from the input, the date the text states near its top
    ("Published 14 March 2025", a dated dateline) is used (:func:`find_published`).
    """
    text = raw.body
    bounds = find_title(text)
    title_span = Span.of(text, *bounds) if bounds else None
    title = raw.title or (title_span.text if title_span else None)
    return _document(
        raw,
        text=text,
        title=title,
        title_span=title_span,
        removed=find_furniture(text, title),
        published=normalise_date(raw.published) or find_published(text),
    )


def _clean_html(raw: RawDocument) -> Document:
    """HTML: article text and metadata from trafilatura; then furniture on that text."""
    page = extract_html(raw.body, url=raw.url)
    title = raw.title or page.title
    return _document(
        raw,
        text=page.text,
        title=title,
        title_span=_leading_title(page.text, title),
        removed=find_furniture(page.text, title),
        published=normalise_date(raw.published) or page.date,
        author=page.author,
        canonical_url=page.canonical_url,
    )


def _document(
    raw: RawDocument,
    *,
    text: str,
    title: str | None,
    title_span: Span | None,
    removed: tuple[RemovedSpan, ...],
    published: str | None,
    author: str | None = None,
    canonical_url: str | None = None,
) -> Document:
    """A ``Document`` carrying ``raw``'s identity fields and the cleaned values."""
    return Document(
        id=raw.content_hash or hashlib.sha256(raw.body.encode("utf-8")).hexdigest(),
        origin=raw.origin,
        format=raw.format,
        text=text,
        removed_spans=removed,
        external_id=raw.external_id,
        url=raw.url,
        canonical_url=canonical_url,
        title=title,
        title_span=title_span,
        author=author,
        published=published,
        cleaner=CLEANER_NAME,
    )


def _leading_title(text: str, title: str | None) -> Span | None:
    """The first paragraph of ``text`` as a span when it is the headline, else ``None``."""
    match = _FIRST_PARAGRAPH.match(text)
    if not title or match is None:
        return None
    start, end = match.span(1)
    while end > start and text[end - 1].isspace():
        end -= 1
    if " ".join(text[start:end].split()).casefold() != " ".join(title.split()).casefold():
        return None
    return Span.of(text, start, end)


def _is_all_furniture(text: str, removed: tuple[RemovedSpan, ...]) -> bool:
    """True when every non-space character of ``text`` lies in a removed span."""
    covered = bytearray(len(text))
    for span in removed:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    return all(ch.isspace() or covered[i] for i, ch in enumerate(text))
