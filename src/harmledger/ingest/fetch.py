"""Fetching URLs: the :class:`Fetcher` protocol, an httpx fetcher that refuses private
addresses, a test double, and the step that turns a fetched page into a RawDocument.

Credentials in a URL (``user:password@``) are used for the request but never appear in a
message, a rejection or a stored origin (:func:`harmledger.hosts.without_credentials`).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import unquote

import httpcore
import httpx

from harmledger.errors import (
    BinaryInputError,
    BlockedURLError,
    FetchError,
    IngestError,
    TooLargeError,
)
from harmledger.hosts import without_credentials
from harmledger.ingest.files import (
    Format,
    document_or_rejection,
    one_line,
    rejection,
    sha256_hex,
)
from harmledger.ingest.pinning import PinnedBackend, pinned_transport
from harmledger.models import RawDocument, Rejection

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], list[str]]

MAX_REDIRECTS = 5
USER_AGENT = "harmledger/0.1 (+https://pypi.org/project/harmledger/)"
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BINARY_TYPES = frozenset({"application/pdf", "application/zip", "application/gzip"})
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetched page: the URL asked for, where it ended up, and its raw body."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes


@runtime_checkable
class Fetcher(Protocol):
    """Anything that can fetch a URL; raises FetchError (or a subclass) when it cannot."""

    def fetch(self, url: str) -> FetchResult: ...


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be fetched ("loopback", "private" ...), or None for a global address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    )
    for attr, label in checks:
        if getattr(ip, attr):
            return label
    return None if ip.is_global else "non-global"


def literal_address(host: str) -> IPAddress | None:
    """The IP address a URL host spells out without DNS (``127.1``, ``[::1]``, ``0x7f.1``...)."""
    host = unquote(host).strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefxABCDEFX." for c in host) and host[0].isdigit():
        try:  # the legacy forms that inet_aton (and so getaddrinfo) accepts
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def check_host_literal(url: str, host: str) -> None:
    """Refuse ``localhost`` and non-global IP literals, without any DNS lookup."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        raise BlockedURLError(_blocked(url, host, "loopback", "localhost"))
    ip = literal_address(host)
    if ip is not None and (problem := address_problem(ip)) is not None:
        raise BlockedURLError(_blocked(url, host, problem, str(ip)))


def _blocked(url: str, host: str, problem: str, address: str) -> str:
    return (
        f"{without_credentials(url)}: refused, host {host} is {address} ({problem} address); "
        "pass allow_private=True only if you trust this source"
    )


def parse_url(url: str) -> httpx.URL:
    """Parse an http(s) URL with a host, or raise FetchError saying what is wrong."""
    shown = without_credentials(url)
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        detail = one_line(str(exc)).replace(url, shown)
        raise FetchError(f"{shown}: not a valid URL ({detail}); check it") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"{shown}: only http:// and https:// URLs can be fetched; fix the URL")
    if not parsed.host:
        raise FetchError(f"{shown}: the URL has no host name; check it")
    return parsed


def default_resolver(host: str) -> list[str]:
    """Every address ``host`` resolves to, via ``socket.getaddrinfo``."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


class HttpxFetcher:
    """Fetch pages with httpx: http(s) only, no private addresses, capped size, own redirects.

    Every hop of a redirect chain is checked again, and ``allow_private`` covers the first URL
    only, never a redirect. The connection goes to the address that was checked (see
    :mod:`harmledger.ingest.pinning`), and ``total_timeout`` bounds the whole exchange, headers
    included. A ``transport`` (a test double) replaces the pinned network layer. Use it as a
    context manager, or call :meth:`close`, to release the connection pool.
    """

    def __init__(
        self,
        timeout: float = 10.0,
        max_bytes: int = 10_000_000,
        allow_private: bool = False,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        total_timeout: float | None = None,
        network_backend: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.timeout = timeout
        self.total_timeout = total_timeout if total_timeout is not None else 3 * timeout
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.resolver: Resolver = resolver or default_resolver
        self.backend: PinnedBackend | None = None
        if transport is None:
            self.backend = PinnedBackend(network_backend)
            transport = pinned_transport(self.backend)
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    def __enter__(self) -> HttpxFetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying httpx client."""
        self._client.close()

    def check_url(self, url: str, allow_private: bool | None = None) -> httpx.URL:
        """Parse ``url`` and refuse it unless every address its host resolves to is global;
        the connection is then pinned to the first of them. ``allow_private`` defaults to the
        fetcher's."""
        parsed = parse_url(url)
        host = parsed.raw_host.decode("ascii")
        private_ok = self.allow_private if allow_private is None else allow_private
        if private_ok:
            self._pin(host, host)  # the system resolver decides; the user trusts this URL
            return parsed
        check_host_literal(url, parsed.host)
        literal = literal_address(parsed.host)
        if literal is not None:
            self._pin(host, str(literal))
            return parsed
        self._pin(host, self._checked_address(url, parsed.host))
        return parsed

    def _checked_address(self, url: str, host: str) -> str:
        """The first address of ``host``, once every one of them has been checked."""
        try:
            addresses = self.resolver(host)
        except (OSError, UnicodeError) as exc:
            msg = f"{without_credentials(url)}: cannot resolve host {host} ({one_line(str(exc))})"
            raise FetchError(f"{msg}; check the address and your network") from None
        if not addresses:
            raise FetchError(
                f"{without_credentials(url)}: host {host} has no addresses; check the address"
            )
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if (problem := address_problem(ip)) is not None:
                raise BlockedURLError(_blocked(url, host, problem, str(ip)))
        return addresses[0].split("%", 1)[0]

    def _pin(self, host: str, address: str) -> None:
        if self.backend is not None:
            self.backend.pin(host, address)

    def fetch(self, url: str) -> FetchResult:
        """GET ``url``, following up to five redirects; raises FetchError and friends."""
        deadline = time.monotonic() + self.total_timeout
        if self.backend is not None:
            self.backend.deadline = deadline
        try:
            return self._follow(url, deadline)
        finally:
            if self.backend is not None:
                self.backend.deadline = None

    def _follow(self, url: str, deadline: float) -> FetchResult:
        current = url
        for hop in range(MAX_REDIRECTS + 1):
            target = self.check_url(current, allow_private=self.allow_private and hop == 0)
            try:
                result = self._get(url, target, deadline)
            except httpx.HTTPError as exc:
                raise self._failure(current, exc, deadline) from None
            if isinstance(result, FetchResult):
                return result
            current = result
        raise FetchError(
            f"{without_credentials(url)}: more than {MAX_REDIRECTS} redirects; check the address"
        )

    def _failure(self, url: str, exc: httpx.HTTPError, deadline: float) -> FetchError:
        """The one-line FetchError for a failed request (credentials left out)."""
        shown = without_credentials(url)
        if isinstance(exc, httpx.TimeoutException) and time.monotonic() >= deadline:
            return FetchError(
                f"{shown}: no complete answer within {self.total_timeout:g}s "
                "(the overall deadline); try again later"
            )
        if isinstance(exc, httpx.TimeoutException):
            return FetchError(f"{shown}: timed out after {self.timeout:g}s; try again later")
        detail = one_line(f"{type(exc).__name__}: {exc}").replace(url, shown)
        return FetchError(f"{shown}: request failed ({detail}); check the address and your network")

    def _get(self, url: str, target: httpx.URL, deadline: float) -> FetchResult | str:
        """One request: a FetchResult, or the next URL when the server redirects."""
        with self._client.stream("GET", target) as response:
            location = response.headers.get("location")
            if response.status_code in _REDIRECT_CODES and location:
                return str(response.url.join(location))
            if response.status_code >= 400:
                reason = response.reason_phrase or "error"
                raise FetchError(
                    f"{without_credentials(str(target))}: HTTP {response.status_code} {reason}; "
                    "check the address or try again later"
                )
            body = self._read_capped(without_credentials(str(target)), response, deadline)
            return FetchResult(
                url=url,
                final_url=without_credentials(str(response.url)),
                status=response.status_code,
                content_type=response.headers.get("content-type"),
                body=body,
            )

    def _read_capped(self, url: str, response: httpx.Response, deadline: float) -> bytes:
        """Stream the body, stopping once it passes ``max_bytes`` or the total deadline."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLargeError(_too_large(url, self.max_bytes))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLargeError(_too_large(url, self.max_bytes))
            if time.monotonic() > deadline:
                raise FetchError(
                    f"{url}: download took over {self.total_timeout:g}s; try again later"
                )
            chunks.append(chunk)
        return b"".join(chunks)


def _too_large(url: str, max_bytes: int) -> str:
    return (
        f"{without_credentials(url)}: response is over the {max_bytes:,}-byte limit; "
        "raise max_bytes if the page is genuine"
    )


class MockFetcher:
    """A test double: ``handler(url)`` returns the FetchResult (or raises FetchError).

    Every URL asked for is appended to :attr:`calls`.
    """

    def __init__(self, handler: Callable[[str], FetchResult]) -> None:
        self.handler = handler
        self.calls: list[str] = []

    def fetch(self, url: str) -> FetchResult:
        """Record the call and delegate to the handler."""
        self.calls.append(url)
        return self.handler(url)


def pages_handler(pages: Mapping[str, bytes | str | FetchResult]) -> Callable[[str], FetchResult]:
    """A MockFetcher handler serving fixed pages; unknown URLs get a FetchError (HTTP 404)."""

    def handle(url: str) -> FetchResult:
        page = pages.get(url)
        if page is None:
            raise FetchError(f"{url}: HTTP 404 Not Found; check the address or try again later")
        if isinstance(page, FetchResult):
            return page
        body = page.encode("utf-8") if isinstance(page, str) else page
        return FetchResult(url, url, 200, "text/html; charset=utf-8", body)

    return handle


def make_httpx_fetcher(**options: Any) -> HttpxFetcher:
    """Registry factory for :class:`HttpxFetcher` (keyword options as its constructor)."""
    return HttpxFetcher(**options)


def make_mock_fetcher(
    handler: Callable[[str], FetchResult] | None = None,
    pages: Mapping[str, bytes | str | FetchResult] | None = None,
) -> MockFetcher:
    """Registry factory for :class:`MockFetcher`: give a handler, or a url -> page mapping."""
    return MockFetcher(handler or pages_handler(pages or {}))


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """``"text/html; charset=UTF-8"`` -> ``("text/html", "UTF-8")``."""
    if not value:
        return "", None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return mime.strip().lower(), charset


def fetch_checked(
    fetcher: Fetcher, url: str, *, allow_private: bool, max_bytes: int
) -> FetchResult:
    """Fetch through any fetcher, adding the scheme check, the no-DNS address check and the
    size cap (so a custom or mock fetcher cannot skip them). A fetcher's error that quotes the
    URL with its credentials is re-raised without them."""
    host = parse_url(url).host
    if not allow_private:
        check_host_literal(url, host)
    try:
        result = fetcher.fetch(url)
    except IngestError as exc:
        shown = without_credentials(url)
        if shown == url or url not in str(exc):
            raise
        raise type(exc)(str(exc).replace(url, shown)) from None
    if len(result.body) > max_bytes:
        raise TooLargeError(_too_large(url, max_bytes))
    return result


def result_document(result: FetchResult, origin: str, **meta: Any) -> RawDocument | Rejection:
    """Turn a fetched page into a RawDocument (format from Content-Type, then sniffed); the
    origin and URL are kept without credentials."""
    origin = without_credentials(origin)
    mime, charset = parse_content_type(result.content_type)
    if mime in _BINARY_TYPES or mime.startswith(_BINARY_PREFIXES):
        exc = BinaryInputError(
            f"{origin}: the server sent {mime}, not text or HTML; give the URL of an HTML page"
        )
        return rejection(origin, exc, sha256_hex(result.body))
    fmt: Format = "html" if mime in _HTML_TYPES else "text"
    meta.setdefault("url", without_credentials(result.final_url))
    return document_or_rejection(result.body, origin, fmt=fmt, charset=charset, what="page", **meta)
