"""The httpx fetcher (through httpx.MockTransport, never the network) and the mock fetcher."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import httpx
import pytest

from harmledger import registry
from harmledger.errors import BlockedURLError, FetchError, TooLargeError
from harmledger.ingest.fetch import (
    Fetcher,
    FetchResult,
    HttpxFetcher,
    MockFetcher,
    fetch_checked,
    make_mock_fetcher,
    parse_content_type,
    result_document,
)
from harmledger.models import RawDocument, Rejection

PUBLIC = "93.184.216.34"


def public_resolver(host: str) -> list[str]:
    return [PUBLIC]


def no_dns(host: str) -> list[str]:
    raise AssertionError(f"DNS lookup for {host} was not expected")


def fetcher_for(
    handler: Callable[[httpx.Request], httpx.Response], **kwargs: object
) -> HttpxFetcher:
    kwargs.setdefault("resolver", public_resolver)
    return HttpxFetcher(transport=httpx.MockTransport(handler), **kwargs)  # type: ignore[arg-type]


def page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, html="<p>Four killed</p>")


def test_fetch_returns_body_status_and_content_type() -> None:
    with fetcher_for(page) as fetcher:
        result = fetcher.fetch("https://news.example/a")
    assert result == FetchResult(
        url="https://news.example/a",
        final_url="https://news.example/a",
        status=200,
        content_type="text/html; charset=utf-8",
        body=b"<p>Four killed</p>",
    )
    assert isinstance(fetcher, Fetcher)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1:8080/",
        "http://172.16.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",
        "http://127.1/",
        "http://localhost/",
        "http://LOCALHOST./",
        "http://api.localhost/",
    ],
)
def test_private_literals_are_refused_without_dns(url: str) -> None:
    fetcher = fetcher_for(page, resolver=no_dns)
    with pytest.raises(BlockedURLError) as info:
        fetcher.fetch(url)
    message = str(info.value)
    assert "\n" not in message and url in message and "allow_private" in message


@pytest.mark.parametrize("address", ["10.1.2.3", "127.0.0.53", "fe80::5", "::"])
def test_hosts_resolving_to_private_addresses_are_refused(address: str) -> None:
    fetcher = fetcher_for(page, resolver=lambda host: [PUBLIC, address])
    with pytest.raises(BlockedURLError, match=r"intranet\.example"):
        fetcher.fetch("http://intranet.example/")


def test_allow_private_lets_private_addresses_through() -> None:
    fetcher = fetcher_for(page, resolver=no_dns, allow_private=True)
    assert fetcher.fetch("http://127.0.0.1:8000/x").status == 200


def test_redirects_are_followed_and_each_hop_checked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        if request.url.path == "/new":
            return httpx.Response(302, headers={"location": "http://10.0.0.7/admin"})
        return httpx.Response(200, text="final")

    fetcher = fetcher_for(handler)
    with pytest.raises(BlockedURLError, match=r"10\.0\.0\.7"):
        fetcher.fetch("https://news.example/old")


def test_redirect_final_url_is_recorded() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/short":
            return httpx.Response(307, headers={"location": "https://other.example/long"})
        return httpx.Response(200, text="story", headers={"content-type": "text/plain"})

    result = fetcher_for(handler).fetch("https://news.example/short")
    assert (result.url, result.final_url) == (
        "https://news.example/short",
        "https://other.example/long",
    )
    assert result.body == b"story"


def test_too_many_redirects() -> None:
    def loop(request: httpx.Request) -> httpx.Response:
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"location": f"/{n + 1}"})

    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher_for(loop).fetch("https://news.example/0")


@pytest.mark.parametrize("status", [403, 404, 500, 503])
def test_http_errors_name_url_and_status(status: int) -> None:
    fetcher = fetcher_for(lambda request: httpx.Response(status))
    with pytest.raises(FetchError) as info:
        fetcher.fetch("https://news.example/gone")
    assert not isinstance(info.value, BlockedURLError)
    message = str(info.value)
    assert f"HTTP {status}" in message and "https://news.example/gone" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("exc", "fragment"),
    [
        (httpx.ReadTimeout("slow"), "timed out after 2s"),
        (httpx.ConnectTimeout("slow"), "timed out"),
        (httpx.ConnectError("refused\nsecond line"), "ConnectError: refused second line"),
        (httpx.RemoteProtocolError("bad"), "request failed"),
    ],
)
def test_transport_errors_become_fetch_errors(exc: Exception, fragment: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    with pytest.raises(FetchError) as info:
        fetcher_for(handler, timeout=2.0).fetch("https://news.example/")
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("url", ["ftp://news.example/a", "file:///etc/passwd", "http:///nohost"])
def test_bad_schemes_and_hosts(url: str) -> None:
    with pytest.raises(FetchError):
        fetcher_for(page, resolver=no_dns).fetch(url)


def test_unresolvable_host_is_a_fetch_error() -> None:
    def fail(host: str) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError, match=r"cannot resolve host nowhere\.example"):
        fetcher_for(page, resolver=fail).fetch("https://nowhere.example/")


def test_streaming_stops_past_the_cap() -> None:
    produced: list[int] = []

    def chunks() -> Iterator[bytes]:
        for i in range(1000):
            produced.append(i)
            yield b"x" * 1000

    fetcher = fetcher_for(lambda request: httpx.Response(200, content=chunks()), max_bytes=5000)
    with pytest.raises(TooLargeError, match="5,000-byte limit"):
        fetcher.fetch("https://news.example/big")
    assert len(produced) < 10


def test_declared_content_length_over_cap_is_refused_early() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-length": "50000000"}, content=b"")

    with pytest.raises(TooLargeError):
        fetcher_for(handler).fetch("https://news.example/huge")


def test_mock_fetcher_records_calls_and_registry_names() -> None:
    assert registry.fetchers.get("harmledger.fetch.mock.v1") is make_mock_fetcher
    assert "harmledger.fetch.httpx.v1" in registry.fetchers.names()
    factory = registry.fetchers.get("harmledger.fetch.httpx.v1")
    with factory(timeout=1.5, resolver=public_resolver) as made:
        assert isinstance(made, HttpxFetcher) and made.timeout == 1.5
    mock = make_mock_fetcher(pages={"https://a.example/": "<p>hi</p>"})
    assert isinstance(mock, MockFetcher)
    assert mock.fetch("https://a.example/").body == b"<p>hi</p>"
    with pytest.raises(FetchError, match="404"):
        mock.fetch("https://b.example/")
    assert mock.calls == ["https://a.example/", "https://b.example/"]


def test_fetch_checked_blocks_literals_before_any_fetcher() -> None:
    mock = MockFetcher(lambda url: FetchResult(url, url, 200, "text/plain", b"secret"))
    with pytest.raises(BlockedURLError):
        fetch_checked(mock, "http://169.254.169.254/", allow_private=False, max_bytes=100)
    assert mock.calls == []
    assert fetch_checked(mock, "http://10.0.0.1/", allow_private=True, max_bytes=100).body
    with pytest.raises(TooLargeError):
        fetch_checked(mock, "https://a.example/", allow_private=False, max_bytes=3)


def test_parse_content_type() -> None:
    assert parse_content_type('text/HTML; Charset="ISO-8859-1"') == ("text/html", "ISO-8859-1")
    assert parse_content_type("text/plain") == ("text/plain", None)
    assert parse_content_type(None) == ("", None)


@pytest.mark.parametrize(
    ("content_type", "body", "fmt"),
    [
        ("text/html", b"<p>x</p>", "html"),
        ("application/xhtml+xml", b"<p>x</p>", "html"),
        ("text/plain", b"<p>x</p>", "text"),
        ("text/plain", b"<!doctype html><p>x</p>", "html"),
        (None, b"<html><p>x</p></html>", "html"),
        ("application/octet-stream", b"just words", "text"),
    ],
)
def test_result_document_format(content_type: str | None, body: bytes, fmt: str) -> None:
    result = FetchResult("https://a.example/", "https://a.example/b", 200, content_type, body)
    doc = result_document(result, "https://a.example/")
    assert isinstance(doc, RawDocument)
    assert (doc.format, doc.url, doc.origin) == (fmt, "https://a.example/b", "https://a.example/")


def test_result_document_honours_header_charset_and_rejects_binary() -> None:
    latin = FetchResult("u", "u", 200, "text/html; charset=iso-8859-1", b"<p>caf\xe9</p>")
    doc = result_document(latin, "u")
    assert isinstance(doc, RawDocument) and doc.body == "<p>café</p>"
    pdf = FetchResult("u", "u", 200, "application/pdf", b"%PDF-1.4")
    item = result_document(pdf, "u")
    assert isinstance(item, Rejection) and item.error == "BinaryInputError"
    empty = result_document(FetchResult("u", "u", 200, "text/html", b"  "), "u")
    assert isinstance(empty, Rejection) and empty.error == "EmptyInputError"
