"""The network layer under :class:`~harmledger.ingest.fetch.HttpxFetcher`: pinned addresses
and one deadline for the whole exchange.

- **Pinning.** The fetcher resolves a host once, checks every address, and pins the one it
  checked (:meth:`PinnedBackend.pin`). The connection goes to that address, never to a second
  DNS answer, so a name that answers "public" to the check and "127.0.0.1" to the connection
  (DNS rebinding) reaches nothing private. TLS still names the host (SNI and certificate check),
  and the request still carries its ``Host`` header: only the socket's address is pinned. A
  host that was not checked is not connected to at all.
- **Deadline.** Every connect, read and write gets at most the time left until the fetch's
  overall deadline, so a server that sends its headers one byte every two seconds is cut off
  when the deadline passes, not kept alive by each byte.

Environment proxies (``HTTP_PROXY``...) are not used: a proxy would resolve the name itself.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

SocketOption = Any  # httpcore's SOCKET_OPTION union


class PinnedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to pinned addresses, within a deadline."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self.inner = inner or httpcore.SyncBackend()
        self.deadline: float | None = None
        self._pins: dict[str, str] = {}

    def pin(self, host: str, address: str) -> None:
        """Connect to ``address`` whenever ``host`` (as in the URL, IDNA-encoded) is asked for."""
        self._pins[host.lower()] = address

    def bounded(self, timeout: float | None, error: type[Exception]) -> float | None:
        """``timeout`` cut to the time left before the deadline; ``error`` once it has passed."""
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise error("the overall deadline of the fetch passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        address = self._pins.get(host.lower())
        if address is None:
            raise httpcore.ConnectError(f"{host} was not checked, so it is not connected to")
        limit = self.bounded(timeout, httpcore.ConnectTimeout)
        stream = self.inner.connect_tcp(address, port, limit, local_address, socket_options)
        return DeadlineStream(stream, self)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the backend's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, backend: PinnedBackend) -> None:
        self.inner = inner
        self.backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.backend.bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.backend.bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        limit = self.backend.bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(
            self.inner.start_tls(ssl_context, server_hostname, limit), self.backend
        )

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


def pinned_transport(backend: PinnedBackend) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through ``backend``.

    httpx does not take a network backend, so the transport's connection pool is replaced by
    one that uses it (tests/test_ingest_pinning.py checks that connections really go there)."""
    transport = httpx.HTTPTransport()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=backend,
    )
    return transport
