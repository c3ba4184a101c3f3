"""Issue 12, network: ``allow_private`` covers the first URL only, and credentials in URLs
never reach a message, a rejection or a stored origin (httpx.MockTransport, no network)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from harmledger.errors import BlockedURLError, FetchError
from harmledger.hosts import without_credentials
from harmledger.ingest.fetch import FetchResult, HttpxFetcher, MockFetcher, result_document
from harmledger.ingest.sources import iter_inputs
from harmledger.models import RawDocument, Rejection

PUBLIC = "93.184.216.34"
SECRET = "s3cret"


def _fetcher(
    handler: Callable[[httpx.Request], httpx.Response],
    resolver: Callable[[str], list[str]] = lambda host: [PUBLIC],
    **kwargs: object,
) -> HttpxFetcher:
    return HttpxFetcher(
        transport=httpx.MockTransport(handler),
        resolver=resolver,
        **kwargs,  # type: ignore[arg-type]
    )


def _redirect_to(location: str) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/start":
            return httpx.Response(302, headers={"location": location})
        return httpx.Response(200, html="<p>inside</p>")

    return handle


@pytest.mark.parametrize(
    "location", ["http://192.168.1.1/admin", "http://127.0.0.1:8080/", "http://intranet.example/"]
)
def test_allow_private_covers_the_first_url_but_never_a_redirect(location: str) -> None:
    def resolver(host: str) -> list[str]:
        return ["10.0.0.9"] if host == "intranet.example" else [PUBLIC]

    fetcher = _fetcher(_redirect_to(location), resolver, allow_private=True)
    assert fetcher.fetch("http://10.0.0.5/page").status == 200  # the first URL: trusted
    with pytest.raises(BlockedURLError, match="refused"):
        fetcher.fetch("http://10.0.0.5/start")


def test_a_public_redirect_is_still_followed_with_allow_private() -> None:
    fetcher = _fetcher(_redirect_to("http://news.example/story"), allow_private=True)
    result = fetcher.fetch("http://10.0.0.5/start")
    assert result.final_url == "http://news.example/story"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://ann:s3cret@example.org/feed.rss", "https://example.org/feed.rss"),
        ("http://ann@example.org:8080/a?b=1", "http://example.org:8080/a?b=1"),
        ("http://example.org/a@b", "http://example.org/a@b"),  # an @ in the path stays
        ("https://example.org/", "https://example.org/"),
    ],
)
def test_without_credentials(url: str, shown: str) -> None:
    assert without_credentials(url) == shown


def _failing(status: int) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status)


def _raising(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        raise exc

    return handle


@pytest.mark.parametrize(
    ("fetcher", "url"),
    [
        (_fetcher(_failing(404)), "https://ann:s3cret@news.example/x"),
        (_fetcher(_failing(200), lambda h: ["10.0.0.1"]), "https://ann:s3cret@news.example/x"),
        (_fetcher(_failing(200)), "https://ann:s3cret@127.0.0.1/x"),
        (_fetcher(_raising(httpx.ConnectError("boom"))), "https://ann:s3cret@news.example/x"),
        (_fetcher(_raising(httpx.ReadTimeout("slow"))), "https://ann:s3cret@news.example/x"),
        (_fetcher(_failing(200)), "ftp://ann:s3cret@news.example/x"),
    ],
)
def test_fetch_errors_never_show_credentials(fetcher: HttpxFetcher, url: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert SECRET not in str(caught.value) and "ann" not in str(caught.value)
    assert "news.example" in str(caught.value) or "127.0.0.1" in str(caught.value)


def test_rejections_and_documents_of_urls_with_credentials_never_keep_them() -> None:
    def handler(url: str) -> FetchResult:
        if "missing" in url:
            raise FetchError(f"{url}: HTTP 404 Not Found; check it")  # a careless fetcher
        return FetchResult(url, url, 200, "text/html", b"<p>Two people were killed.</p>")

    inputs = [
        "https://ann:s3cret@news.example/missing",
        "https://ann:s3cret@news.example/story",
        "ftp://ann:s3cret@news.example/file",
    ]
    items = list(iter_inputs(inputs, fetcher=MockFetcher(handler)))
    assert [type(i) for i in items] == [Rejection, RawDocument, Rejection]
    for item in items:
        assert SECRET not in repr(item)
    document = items[1]
    assert isinstance(document, RawDocument) and document.url == "https://news.example/story"


def test_result_document_drops_credentials_from_origin_and_url() -> None:
    result = FetchResult("u", "https://a:s3cret@x.example/p", 200, "text/plain", b"Some text.")
    document = result_document(result, "https://a:s3cret@x.example/p")
    assert isinstance(document, RawDocument)
    assert SECRET not in document.origin and SECRET not in (document.url or "")
