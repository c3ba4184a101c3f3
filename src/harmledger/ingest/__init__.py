"""Ingest: read files, folders, JSON Lines, URLs and RSS/Atom feeds into RawDocuments.

The entry point is :func:`iter_inputs`; bad inputs come back as ``Rejection`` rows, never as
exceptions, so one bad file does not stop a batch.
"""

from __future__ import annotations

from harmledger.ingest.feeds import FeedEntry, iter_feed, looks_like_feed, parse_feed
from harmledger.ingest.fetch import (
    Fetcher,
    FetchResult,
    HttpxFetcher,
    MockFetcher,
    make_httpx_fetcher,
    make_mock_fetcher,
)
from harmledger.ingest.files import iter_jsonl, read_file
from harmledger.ingest.folders import walk_folder
from harmledger.ingest.sources import count_inputs, is_url, iter_inputs

__all__ = [
    "FeedEntry",
    "FetchResult",
    "Fetcher",
    "HttpxFetcher",
    "MockFetcher",
    "count_inputs",
    "is_url",
    "iter_feed",
    "iter_inputs",
    "iter_jsonl",
    "looks_like_feed",
    "make_httpx_fetcher",
    "make_mock_fetcher",
    "parse_feed",
    "read_file",
    "walk_folder",
]
