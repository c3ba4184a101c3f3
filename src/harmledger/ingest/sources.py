"""The ingest entry point: turn a list of paths and URLs into RawDocuments and Rejections.

>>> for item in iter_inputs(["reports/", "https://example.org/feed.rss"]):  # doctest: +SKIP
...     print(item.origin)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from harmledger.errors import FetchError, IngestError
from harmledger.hosts import without_credentials
from harmledger.ingest.feeds import iter_feed, looks_like_feed
from harmledger.ingest.fetch import Fetcher, HttpxFetcher, fetch_checked, result_document
from harmledger.ingest.files import (
    FEED_SUFFIXES,
    JSONL_SUFFIXES,
    count_jsonl_lines,
    iter_jsonl,
    read_bytes,
    read_file,
    rejection,
)
from harmledger.ingest.folders import iter_folder, walk_folder
from harmledger.models import RawDocument, Rejection

Item = RawDocument | Rejection
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(value: str) -> bool:
    """True for inputs that start with ``http://`` or ``https://``."""
    return value[:8].lower().startswith(("http://", "https://"))


def _is_feed_name(name: str) -> bool:
    return Path(name.lower()).suffix in FEED_SUFFIXES


class _Session:
    """Settings for one :func:`iter_inputs` run, and the fetcher it creates when first needed."""

    def __init__(
        self, fetcher: Fetcher | None, allow_private: bool, max_bytes: int, feed: bool
    ) -> None:
        self._fetcher = fetcher
        self._owned: HttpxFetcher | None = None
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.feed = feed

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._owned = HttpxFetcher(allow_private=self.allow_private, max_bytes=self.max_bytes)
            self._fetcher = self._owned
        return self._fetcher

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()

    def feed_items(self, data: bytes, origin: str, base_url: str | None = None) -> Iterator[Item]:
        return iter_feed(
            data,
            origin,
            self.fetcher,
            allow_private=self.allow_private,
            max_bytes=self.max_bytes,
            base_url=base_url,
        )


def iter_inputs(
    inputs: Sequence[str],
    *,
    fetcher: Fetcher | None = None,
    allow_private: bool = False,
    max_bytes: int = 10_000_000,
    feed: bool = False,
) -> Iterator[RawDocument | Rejection]:
    """Yield a RawDocument for each good input and a Rejection for each bad one; never raises
    for one bad input.

    Inputs are files, folders (walked recursively in sorted order, hidden entries skipped),
    ``.jsonl`` files (one document per line), ``http(s)://`` URLs and RSS/Atom feeds. A feed
    is anything named ``*.rss``/``*.atom``/``*.xml``, any fetched page that sniffs as one, or
    every input when ``feed`` is true. Without ``fetcher`` an :class:`HttpxFetcher` is made on
    the first URL. ``allow_private`` and ``max_bytes`` apply to every fetcher.
    """
    session = _Session(fetcher, allow_private, max_bytes, feed)
    try:
        for value in inputs:
            yield from _iter_one(str(value), session)
    finally:
        session.close()


def _iter_one(value: str, session: _Session) -> Iterator[Item]:
    if is_url(value):
        yield from _iter_url(value, session)
        return
    if _SCHEME.match(value):
        scheme, shown = value.split("://", 1)[0], without_credentials(value)
        exc = FetchError(f"{shown}: {scheme}:// is not supported; give an http(s) URL or a path")
        yield rejection(shown, exc)
        return
    path = Path(value)
    if path.is_dir():
        for child in iter_folder(path):
            yield from (child,) if isinstance(child, Rejection) else _iter_path(child, session)
    elif path.exists() or path.is_symlink():
        yield from _iter_path(path, session)
    else:
        missing = IngestError(f"{value}: no such file, folder or URL; check the path")
        yield rejection(value, missing)


def _iter_path(path: Path, session: _Session) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if session.feed or suffix in FEED_SUFFIXES:
        origin = str(path)
        try:
            data = read_bytes(path, session.max_bytes)
        except IngestError as exc:
            yield rejection(origin, exc)
            return
        yield from session.feed_items(data, origin)
    elif suffix in JSONL_SUFFIXES:
        yield from iter_jsonl(path, session.max_bytes)
    else:
        yield read_file(path, session.max_bytes)


def _iter_url(url: str, session: _Session) -> Iterator[Item]:
    try:
        result = fetch_checked(
            session.fetcher, url, allow_private=session.allow_private, max_bytes=session.max_bytes
        )
    except IngestError as exc:
        yield rejection(without_credentials(url), exc)
        return
    as_feed = session.feed or _is_feed_name(urlsplit(url).path)
    if as_feed or looks_like_feed(result.body, result.content_type):
        yield from session.feed_items(result.body, url, base_url=result.final_url)
    else:
        yield result_document(result, url)


def count_inputs(inputs: Sequence[str], *, feed: bool = False) -> int:
    """A cheap estimate of how many items :func:`iter_inputs` yields, to size a progress bar.

    Files count 1, JSONL files count their non-blank lines, URLs and feeds count 1 (a feed's
    entries are not known until it is fetched), folders count what is in them.
    """
    total = 0
    for value in inputs:
        value = str(value)
        path = Path(value)
        if is_url(value) or _SCHEME.match(value):
            total += 1
        elif path.is_dir():
            total += sum(_count_path(child, feed) for child in walk_folder(path))
        else:
            total += _count_path(path, feed)
    return total


def _count_path(path: Path, feed: bool) -> int:
    if not feed and path.suffix.lower() in JSONL_SUFFIXES:
        return count_jsonl_lines(path)
    return 1
