"""RSS and Atom feeds: parsing, fetching each entry through the same fetcher, bad feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmledger.errors import FetchError
from harmledger.ingest.feeds import iter_feed, looks_like_feed, parse_feed
from harmledger.ingest.fetch import FetchResult, MockFetcher
from harmledger.ingest.sources import iter_inputs
from harmledger.models import RawDocument, Rejection

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Monitor</title>
    <link>https://news.example/</link>
    <description>Reports</description>
    <item>
      <title>Shelling kills three in Idlib</title>
      <link>https://news.example/a</link>
      <guid>urn:news:a</guid>
      <pubDate>Fri, 07 Mar 2025 10:00:00 GMT</pubDate>
    </item>
    <item>
      <title>Two abducted near Homs</title>
      <link>https://news.example/b</link>
      <guid>urn:news:b</guid>
    </item>
  </channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Field reports</title>
  <id>urn:feed</id>
  <updated>2025-03-08T00:00:00Z</updated>
  <entry>
    <title>Market strike</title>
    <link href="https://news.example/c"/>
    <id>urn:news:c</id>
    <updated>2025-03-08T09:30:00Z</updated>
  </entry>
</feed>
"""

PAGES = {
    "https://news.example/a": b"<html><body><p>Three killed.</p></body></html>",
    "https://news.example/b": b"<html><body><p>Two abducted.</p></body></html>",
    "https://news.example/c": b"<html><body><p>Market hit.</p></body></html>",
}


def serve(url: str) -> FetchResult:
    if url.endswith(".rss"):
        return FetchResult(url, url, 200, "application/rss+xml", RSS)
    if url not in PAGES:
        raise FetchError(f"{url}: HTTP 404 Not Found; check the address")
    return FetchResult(url, url, 200, "text/html; charset=utf-8", PAGES[url])


def docs(items: list[RawDocument | Rejection]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def test_rss_file_entries_are_fetched_with_feed_metadata(tmp_path: Path) -> None:
    path = tmp_path / "monitor.rss"
    path.write_bytes(RSS)
    fetcher = MockFetcher(serve)
    items = list(iter_inputs([str(path)], fetcher=fetcher))
    assert fetcher.calls == ["https://news.example/a", "https://news.example/b"]
    first, second = docs(items)
    assert len(items) == 2
    assert first.origin == "https://news.example/a"
    assert (first.title, first.external_id, first.published) == (
        "Shelling kills three in Idlib",
        "urn:news:a",
        "2025-03-07",
    )
    assert first.format == "html" and "Three killed." in first.body
    assert first.url == "https://news.example/a"
    assert (second.title, second.published) == ("Two abducted near Homs", None)


def test_atom_file(tmp_path: Path) -> None:
    path = tmp_path / "reports.atom"
    path.write_bytes(ATOM)
    (doc,) = docs(list(iter_inputs([str(path)], fetcher=MockFetcher(serve))))
    assert (doc.origin, doc.title, doc.external_id, doc.published) == (
        "https://news.example/c",
        "Market strike",
        "urn:news:c",
        "2025-03-08",
    )


def test_feed_url_is_fetched_then_its_entries(tmp_path: Path) -> None:
    fetcher = MockFetcher(serve)
    items = list(iter_inputs(["https://news.example/feed.rss"], fetcher=fetcher))
    assert [d.external_id for d in docs(items)] == ["urn:news:a", "urn:news:b"]
    assert fetcher.calls[0] == "https://news.example/feed.rss"


def test_feed_sniffed_from_body_without_feed_name_or_type() -> None:
    def handler(url: str) -> FetchResult:
        if url == "https://news.example/latest":
            return FetchResult(url, url, 200, "text/xml", ATOM)
        return serve(url)

    items = list(iter_inputs(["https://news.example/latest"], fetcher=MockFetcher(handler)))
    assert [d.origin for d in docs(items)] == ["https://news.example/c"]


def test_feed_flag_treats_any_file_as_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.txt"
    path.write_bytes(RSS)
    as_text = list(iter_inputs([str(path)], fetcher=MockFetcher(serve)))
    assert len(as_text) == 1 and isinstance(as_text[0], RawDocument)
    as_feed = list(iter_inputs([str(path)], fetcher=MockFetcher(serve), feed=True))
    assert len(docs(as_feed)) == 2


def test_one_failing_entry_does_not_stop_the_feed() -> None:
    feed = RSS.replace(b"https://news.example/a", b"https://news.example/missing")
    feed = feed.replace(b"https://news.example/b", b"http://169.254.169.254/meta")
    feed = feed.replace(b"</channel>", ATOM_ITEM + b"</channel>")
    fetcher = MockFetcher(serve)
    items = list(iter_feed(feed, "f.rss", fetcher))
    assert [type(i).__name__ for i in items] == ["Rejection", "Rejection", "RawDocument"]
    missing, blocked = items[0], items[1]
    assert isinstance(missing, Rejection) and missing.error == "FetchError"
    assert missing.origin == "https://news.example/missing"
    assert isinstance(blocked, Rejection) and blocked.error == "BlockedURLError"
    assert "http://169.254.169.254/meta" not in fetcher.calls


ATOM_ITEM = b"<item><title>c</title><link>https://news.example/c</link></item>"


def test_entry_without_link_is_rejected() -> None:
    feed = RSS.replace(b"<link>https://news.example/b</link>", b"")
    no_link = feed.replace(b"<guid>urn:news:b</guid>", b'<guid isPermaLink="false">b</guid>')
    items = list(iter_feed(no_link, "f.rss", MockFetcher(serve)))
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[1], Rejection) and items[1].error == "FeedError"
    assert items[1].origin == "f.rss#2"
    # An RSS guid is a permalink by default; a non-http one is refused, not fetched.
    fetcher = MockFetcher(serve)
    items = list(iter_feed(feed, "f.rss", fetcher))
    assert isinstance(items[1], Rejection) and items[1].error == "FetchError"
    assert fetcher.calls == ["https://news.example/a"]


def test_relative_links_resolve_against_the_feed_url() -> None:
    feed = RSS.replace(b"https://news.example/a", b"/a")
    entries = parse_feed(feed, "feed", base_url="https://news.example/feed.rss")
    assert entries[0].link == "https://news.example/a"


EMPTY_RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'

BAD_FEEDS = [
    ("junk.rss", b"this is not xml at all", "FeedError"),
    ("page.xml", b"<!doctype html><html><body><p>hello</p></body></html>", "FeedError"),
    ("cut.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x', "FeedError"),
    ("empty.atom", b"", "EmptyInputError"),
    ("blank.rss", b"   \n", "EmptyInputError"),
    ("none.rss", EMPTY_RSS, "EmptyInputError"),
    ("zip.rss", b"PK\x03\x04rest", "BinaryInputError"),
]


@pytest.mark.parametrize(("name", "data", "error"), BAD_FEEDS)
def test_bad_feeds(tmp_path: Path, name: str, data: bytes, error: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    fetcher = MockFetcher(serve)
    (item,) = list(iter_inputs([str(path)], fetcher=fetcher))
    assert isinstance(item, Rejection)
    assert (item.error, item.origin, item.stage) == (error, str(path), "ingest")
    assert "\n" not in item.message and str(path) in item.message
    assert fetcher.calls == []


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (RSS, None, True),
        (ATOM, "text/xml", True),
        (b"\xef\xbb\xbf<!-- c -->\n<rdf:RDF xmlns:rdf='x'>", None, True),
        (b"<html><body>x</body></html>", "text/html", False),
        (b"<p>text</p>", "application/rss+xml", True),
        (b"<rssfeed>", None, False),
    ],
)
def test_looks_like_feed(body: bytes, content_type: str | None, expected: bool) -> None:
    assert looks_like_feed(body, content_type) is expected
