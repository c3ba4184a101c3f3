"""The pinned network layer: connections go to the checked address, and one deadline bounds
the whole exchange, headers included. Real sockets on 127.0.0.1, never the internet."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator

import httpcore
import pytest

from harmledger.errors import BlockedURLError, FetchError
from harmledger.ingest.fetch import HttpxFetcher
from harmledger.ingest.pinning import PinnedBackend

PUBLIC = "93.184.216.34"


def _serve(answer: Callable[[socket.socket], None]) -> Iterator[int]:
    """A one-thread TCP server on 127.0.0.1 that runs ``answer`` on each connection."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn, contextlib.suppress(OSError):
                answer(conn)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def _echo_host(conn: socket.socket) -> None:
    request = _read_request(conn)
    host = next((line for line in request.split(b"\r\n") if line.lower().startswith(b"host:")), b"")
    body = b"<p>" + host + b"</p>"
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n" % len(body)
    conn.sendall(head + b"Connection: close\r\n\r\n" + body)


def _trickle(conn: socket.socket) -> None:
    _read_request(conn)
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
        conn.sendall(bytes([byte]))
        time.sleep(0.2)


@pytest.fixture
def echo_port() -> Iterator[int]:
    yield from _serve(_echo_host)


@pytest.fixture
def trickle_port() -> Iterator[int]:
    yield from _serve(_trickle)


class _FakeInternet(httpcore.NetworkBackend):
    """Records the address each connection is made to and carries it to the local server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.addresses: list[str] = []
        self.real = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[object] | None = None,
    ) -> httpcore.NetworkStream:
        self.addresses.append(host)
        return self.real.connect_tcp("127.0.0.1", self.port, timeout)


def test_the_connection_goes_to_the_checked_address_not_a_second_answer(
    echo_port: int,
) -> None:
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]])  # DNS rebinding after the check
    lookups: list[str] = []

    def rebinding(host: str) -> list[str]:
        lookups.append(host)
        return next(answers)

    network = _FakeInternet(echo_port)
    with HttpxFetcher(resolver=rebinding, network_backend=network) as fetcher:
        result = fetcher.fetch(f"http://news.example:{echo_port}/story")
    assert network.addresses == [PUBLIC]  # pinned: the rebinding answer is never asked for
    assert lookups == ["news.example"]
    assert f"Host: news.example:{echo_port}" in result.body.decode()


def test_a_name_that_resolves_private_is_never_connected_to(echo_port: int) -> None:
    network = _FakeInternet(echo_port)
    fetcher = HttpxFetcher(resolver=lambda host: ["10.1.2.3"], network_backend=network)
    with pytest.raises(BlockedURLError, match="private"):
        fetcher.fetch(f"http://intranet.example:{echo_port}/")
    assert network.addresses == []


def test_an_unchecked_host_is_not_connected_to() -> None:
    with pytest.raises(httpcore.ConnectError, match="not checked"):
        PinnedBackend().connect_tcp("unchecked.example", 80)


def test_headers_sent_one_byte_at_a_time_hit_the_overall_deadline(trickle_port: int) -> None:
    fetcher = HttpxFetcher(timeout=1.0, total_timeout=1.5, allow_private=True)
    start = time.monotonic()
    with fetcher, pytest.raises(FetchError, match="overall deadline") as caught:
        fetcher.fetch(f"http://127.0.0.1:{trickle_port}/slow")
    assert time.monotonic() - start < 4.0  # each byte came well within the 1 s read timeout
    assert "\n" not in str(caught.value)


def test_the_deadline_is_cleared_after_each_fetch(echo_port: int) -> None:
    network = _FakeInternet(echo_port)
    with HttpxFetcher(resolver=lambda h: [PUBLIC], network_backend=network) as fetcher:
        fetcher.fetch(f"http://news.example:{echo_port}/a")
        assert fetcher.backend is not None and fetcher.backend.deadline is None


def test_bounded_cuts_timeouts_to_the_time_left() -> None:
    backend = PinnedBackend()
    assert backend.bounded(7.0, httpcore.ReadTimeout) == 7.0  # no deadline set
    backend.deadline = time.monotonic() + 2.0
    left = backend.bounded(10.0, httpcore.ReadTimeout)
    assert left is not None and 0 < left <= 2.0
    backend.deadline = time.monotonic() - 0.1
    with pytest.raises(httpcore.ReadTimeout):
        backend.bounded(10.0, httpcore.ReadTimeout)
