"""RSS and Atom feeds: parse with feedparser, then fetch each entry's link.

Feeds are always handed to feedparser as bytes, so feedparser itself never touches the network;
every entry link goes through the same :class:`~harmledger.ingest.fetch.Fetcher` as plain URLs.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import feedparser

from harmledger.errors import BinaryInputError, EmptyInputError, FeedError, IngestError
from harmledger.hosts import without_credentials
from harmledger.ingest.fetch import Fetcher, fetch_checked, parse_content_type, result_document
from harmledger.ingest.files import binary_kind, one_line, rejection, sha256_hex
from harmledger.models import RawDocument, Rejection

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
_FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*)*"
    rb"<(?:rss|feed|rdf:rdf)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """What a feed says about one article."""

    link: str | None
    external_id: str | None
    title: str | None
    published: str | None  # ISO date (YYYY-MM-DD) when the feed gives a parsable date


def looks_like_feed(body: bytes, content_type: str | None = None) -> bool:
    """True for an RSS/Atom Content-Type, or a body whose root element is rss, feed or rdf:RDF."""
    mime, _ = parse_content_type(content_type)
    return mime in FEED_TYPES or _FEED_START.match(body[:4096]) is not None


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%d", parsed)
    raw = entry.get("published") or entry.get("updated")
    return str(raw) if raw else None


def _text(value: Any) -> str | None:
    return (one_line(str(value)) or None) if value else None


def parse_feed(data: bytes, origin: str, base_url: str | None = None) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed; raises FeedError/EmptyInputError/BinaryInputError."""
    if not data.strip():
        raise EmptyInputError(f"{origin}: feed is empty; check the feed address")
    kind = binary_kind(data)
    if kind is not None:
        raise BinaryInputError(f"{origin}: looks like a binary file ({kind}), not an RSS/Atom feed")
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(data, response_headers=headers)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = one_line(str(parsed.get("bozo_exception") or "unreadable XML"))
            raise FeedError(f"{origin}: malformed feed ({problem}); check that it is RSS or Atom")
        if not parsed.get("version"):
            raise FeedError(f"{origin}: not an RSS or Atom feed; give a feed URL or file")
        raise EmptyInputError(f"{origin}: feed has no entries; try again later")
    return [
        FeedEntry(
            link=_text(entry.get("link")),
            external_id=_text(entry.get("id")),
            title=_text(entry.get("title")),
            published=_published(entry),
        )
        for entry in entries
    ]


def iter_feed(
    data: bytes,
    origin: str,
    fetcher: Fetcher,
    *,
    allow_private: bool = False,
    max_bytes: int = 10_000_000,
    base_url: str | None = None,
) -> Iterator[RawDocument | Rejection]:
    """Fetch every entry of a feed: a RawDocument per good article, a Rejection per bad one."""
    origin = without_credentials(origin)
    try:
        entries = parse_feed(data, origin, base_url)
    except IngestError as exc:
        yield rejection(origin, exc, sha256_hex(data))
        return
    for number, entry in enumerate(entries, start=1):
        yield fetch_entry(
            entry, f"{origin}#{number}", fetcher, allow_private=allow_private, max_bytes=max_bytes
        )


def fetch_entry(
    entry: FeedEntry, where: str, fetcher: Fetcher, *, allow_private: bool, max_bytes: int
) -> RawDocument | Rejection:
    """Fetch one entry's link and keep the feed's id, title and date on the document."""
    if not entry.link:
        exc = FeedError(f"{where}: feed entry has no link; nothing to fetch for it")
        return rejection(where, exc)
    try:
        result = fetch_checked(
            fetcher, entry.link, allow_private=allow_private, max_bytes=max_bytes
        )
    except IngestError as exc:
        return rejection(without_credentials(entry.link), exc)
    return result_document(
        result,
        entry.link,
        external_id=entry.external_id,
        title=entry.title,
        published=entry.published,
    )
