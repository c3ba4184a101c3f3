"""iter_inputs and count_inputs: mixed batches of files, folders, JSONL and URLs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from harmledger.errors import FetchError
from harmledger.ingest import count_inputs, is_url, iter_inputs
from harmledger.ingest.fetch import FetchResult, MockFetcher
from harmledger.models import RawDocument, Rejection

HTML = b"<html><body><p>Six civilians were killed.</p></body></html>"


def serve(url: str) -> FetchResult:
    if url.endswith("/plain"):
        return FetchResult(url, url, 200, "text/plain; charset=utf-8", b"Two injured.")
    if url.endswith("/big"):
        return FetchResult(url, url, 200, "text/html", b"x" * 2000)
    if url.endswith("/gone"):
        raise FetchError(f"{url}: HTTP 410 Gone; check the address or try again later")
    return FetchResult(url, url + "?final", 200, "text/html", HTML)


def make_tree(root: Path) -> None:
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "b.txt").write_text("B text")
    (root / "nested" / "a.html").write_text("<p>A html</p>")
    (root / "nested" / "deeper" / "c.txt").write_text("C text")
    (root / "nested" / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n....")
    lines = [{"id": "j1", "text": "J one"}, {"id": "j2", "html": "<p>J two</p>"}]
    (root / "z.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")


def summary(items: list[RawDocument | Rejection]) -> list[tuple[str, str]]:
    return [(type(i).__name__, i.error if isinstance(i, Rejection) else i.format) for i in items]


def test_mixed_batch_never_raises_and_keeps_order(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Three killed.")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4 ...")
    inputs = [
        str(good),
        str(tmp_path / "missing.txt"),
        str(binary),
        "https://news.example/a",
        "http://127.0.0.1/admin",
        "https://news.example/gone",
        "ftp://news.example/x",
        "HTTPS://news.example/plain",
    ]
    fetcher = MockFetcher(serve)
    items = list(iter_inputs(inputs, fetcher=fetcher))
    assert summary(items) == [
        ("RawDocument", "text"),
        ("Rejection", "IngestError"),
        ("Rejection", "BinaryInputError"),
        ("RawDocument", "html"),
        ("Rejection", "BlockedURLError"),
        ("Rejection", "FetchError"),
        ("Rejection", "FetchError"),
        ("RawDocument", "text"),
    ]
    assert [i.origin for i in items] == inputs
    assert all("\n" not in i.message for i in items if isinstance(i, Rejection))
    assert "http://127.0.0.1/admin" not in fetcher.calls


def test_url_document_fields() -> None:
    (doc,) = list(iter_inputs(["https://news.example/a"], fetcher=MockFetcher(serve)))
    assert isinstance(doc, RawDocument)
    assert doc.origin == "https://news.example/a"
    assert doc.url == "https://news.example/a?final"
    assert doc.content_hash == hashlib.sha256(HTML).hexdigest()
    assert doc.body == HTML.decode()


def test_folder_is_walked_in_sorted_order(tmp_path: Path) -> None:
    make_tree(tmp_path)
    items = list(iter_inputs([str(tmp_path)]))
    assert [i.origin for i in items] == [
        str(tmp_path / "b.txt"),
        str(tmp_path / "nested" / "a.html"),
        str(tmp_path / "nested" / "deeper" / "c.txt"),
        str(tmp_path / "nested" / "img.png"),
        f"{tmp_path / 'z.jsonl'}#j1",
        f"{tmp_path / 'z.jsonl'}#j2",
    ]
    assert summary(items)[3] == ("Rejection", "BinaryInputError")
    assert items == list(iter_inputs([str(tmp_path)]))  # deterministic, hashes included


def test_count_inputs_matches_folder_and_urls(tmp_path: Path) -> None:
    make_tree(tmp_path)
    inputs = [str(tmp_path), "https://news.example/a", str(tmp_path / "missing.txt")]
    assert count_inputs(inputs) == 6 + 1 + 1
    assert count_inputs(inputs) == len(list(iter_inputs(inputs, fetcher=MockFetcher(serve))))


def test_count_inputs_counts_jsonl_lines(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": n, "text": "t"}) + "\n\n" for n in range(25)))
    assert count_inputs([str(path)]) == 25
    (tmp_path / "empty.jsonl").write_text("")
    assert count_inputs([str(tmp_path / "empty.jsonl")]) == 1


def test_fetched_body_over_max_bytes_is_too_large() -> None:
    items = list(
        iter_inputs(["https://news.example/big"], fetcher=MockFetcher(serve), max_bytes=1000)
    )
    assert summary(items) == [("Rejection", "TooLargeError")]


def test_max_bytes_applies_to_files(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("y" * 50)
    assert summary(list(iter_inputs([str(path)], max_bytes=49))) == [("Rejection", "TooLargeError")]


def test_allow_private_reaches_the_fetcher() -> None:
    fetcher = MockFetcher(serve)
    items = list(iter_inputs(["http://10.0.0.1/a"], fetcher=fetcher, allow_private=True))
    assert summary(items) == [("RawDocument", "html")]
    assert fetcher.calls == ["http://10.0.0.1/a"]


def test_default_fetcher_refuses_private_literals_without_network() -> None:
    (item,) = list(iter_inputs(["http://169.254.169.254/latest/meta-data/"]))
    assert isinstance(item, Rejection) and item.error == "BlockedURLError"
    assert "allow_private" in item.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://a.example/", True),
        ("HTTP://a.example/", True),
        ("httpx.txt", False),
        ("/tmp/http://x", False),
        ("ftp://a.example/", False),
    ],
)
def test_is_url(value: str, expected: bool) -> None:
    assert is_url(value) is expected
