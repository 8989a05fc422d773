"""A lean HTTP/1.1 client for subgraph traffic: keep-alive connection pools over asyncio, httptools' C parser.

Why not httpx here: under concurrency its pool costs more than the rest of the router together (measured about
500 requests/s with 32 concurrent requests to a local subgraph answering 17,000/s). This client does only what
subgraph fetches need: POST with a complete body, a response with Content-Length or chunked encoding, keep-alive,
TLS for https, connect and whole-request timeouts, bounded pools and a bound on response bodies. A request on a
reused connection that fails before any response byte arrives is retried once on a fresh connection (the server may
have closed it idle).

One request at a time per connection, never pipelined: a connection is reused only after its response ended cleanly.
Interim 1xx responses (103 Early Hints) are skipped. A response nobody asked for (a server answering twice, or
talking while the connection sits idle) closes the connection, so no later request can read another's answer.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

import httptools


class HttpError(Exception):
    """The request did not produce an HTTP response (connection refused or reset, malformed response)."""


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A complete response: its status and its (de-chunked) body."""

    status: int
    body: bytes


class _Connection(asyncio.Protocol):
    """One TCP (or TLS) connection; one request at a time."""

    def __init__(self, max_body: int) -> None:
        self.max_body = max_body
        self.body_size = 0
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[HttpResponse] | None = None
        self.chunks: list[bytes] = []
        self.keep_alive = True
        self.received_any = False
        self.closed = False
        self.headers_done = False
        self.framed = False  # Content-Length or chunked: the parser sees the end; otherwise the body ends at EOF
        self.interim = False  # the message being read is a 1xx: the real response follows it

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's transports do not subclass asyncio's

    def data_received(self, data: bytes) -> None:
        self.received_any = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(HttpError(f"malformed response: {exc}"))
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if exc is None and self.headers_done and not self.framed:  # a body delimited by the end of the connection
            self.keep_alive = False
            self.on_message_complete()
            return
        self._fail(HttpError("connection closed" + (f": {exc}" if exc else "")))

    # httptools callbacks
    def on_message_begin(self) -> None:
        if self.waiter is None:  # nobody asked: the server is out of step with us, never trust this connection again
            self.keep_alive = False
            self.close()

    def on_header(self, name: bytes, value: bytes) -> None:
        lowered = name.lower()
        if lowered == b"content-length" or (lowered == b"transfer-encoding" and b"chunked" in value.lower()):
            self.framed = True

    def on_headers_complete(self) -> None:
        self.headers_done = True
        self.interim = 100 <= self.parser.get_status_code() < 200

    def on_body(self, body: bytes) -> None:
        self.body_size += len(body)
        if self.body_size > self.max_body:  # a runaway subgraph must not fill the router's memory
            self._fail(HttpError(f"response body larger than {self.max_body} bytes"))
            self.close()
            return
        self.chunks.append(body)

    def on_message_complete(self) -> None:
        interim, self.interim = self.interim, False
        if not interim:
            self.keep_alive = self.parser.should_keep_alive()
            waiter, self.waiter = self.waiter, None
            if waiter is not None and not waiter.done():
                waiter.set_result(HttpResponse(self.parser.get_status_code(), b"".join(self.chunks)))
        self.chunks = []
        self.body_size = 0
        self.headers_done = False
        self.framed = False

    def _fail(self, error: Exception) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)

    def send(self, request: bytes) -> asyncio.Future[HttpResponse]:
        if self.transport is None or self.closed:
            raise HttpError("connection closed")
        self.waiter = asyncio.get_running_loop().create_future()
        self.received_any = False
        self.transport.write(request)  # the parser carries over: llhttp reads successive keep-alive responses
        return self.waiter

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()


class _Pool:
    """Idle connections to one origin, and a bound on open ones."""

    def __init__(
        self,
        host: str,
        port: int,
        tls: ssl.SSLContext | None,
        max_connections: int,
        max_idle: int,
        expiry: float,
        max_body: int,
    ) -> None:
        self.host = host
        self.port = port
        self.tls = tls
        self.idle: deque[tuple[float, _Connection]] = deque()
        self.slots = asyncio.Semaphore(max_connections)
        self.max_idle = max_idle
        self.expiry = expiry
        self.max_body = max_body

    async def connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            _, connection = await loop.create_connection(
                lambda: _Connection(self.max_body),
                self.host,
                self.port,
                ssl=self.tls,
                server_hostname=self.host if self.tls else None,
            )
        except OSError as exc:
            raise HttpError(f"cannot connect to {self.host}:{self.port}: {exc.strerror or exc}") from exc
        return connection

    def take_idle(self) -> _Connection | None:
        """The most recently used idle connection; those idle too long (servers close them) are dropped."""
        now = time.monotonic()
        while self.idle:
            since, connection = self.idle.pop()
            if not connection.closed and now - since < self.expiry:
                return connection
            connection.close()
        return None

    def give_back(self, connection: _Connection) -> None:
        """Keep a connection whose response ended cleanly for the next request; close any other."""
        now = time.monotonic()
        # The oldest idle connections sit on the left: drop those expired or closed by the server meanwhile.
        while self.idle and (self.idle[0][1].closed or now - self.idle[0][0] >= self.expiry):
            self.idle.popleft()[1].close()
        if connection.closed or not connection.keep_alive or len(self.idle) >= self.max_idle:
            connection.close()
        else:
            self.idle.append((now, connection))

    def close(self) -> None:
        while self.idle:
            self.idle.pop()[1].close()


class HttpPool:
    """Keep-alive pools per origin (scheme, host, port); create and use on one event loop."""

    def __init__(
        self,
        *,
        max_connections: int = 100,
        max_idle: int = 100,
        connect_timeout: float = 5.0,
        idle_expiry: float = 4.0,  # below the usual 5 s server keep-alive, so idle closes rarely race a request
        tls: ssl.SSLContext | None = None,  # for https subgraphs; default: the system's CAs, hostnames checked
        max_response_bytes: int = 100 * 1024 * 1024,
    ) -> None:
        self._idle_expiry = idle_expiry
        self._max_response_bytes = max_response_bytes
        self._pools: dict[tuple[str, str, int], _Pool] = {}
        self._targets: dict[str, tuple[_Pool, bytes]] = {}
        self._max_connections = max_connections
        self._max_idle = max_idle
        self._connect_timeout = connect_timeout
        self._tls = tls

    def _target(self, url: str) -> tuple[_Pool, bytes]:
        """The pool and the request line + Host header for a URL (computed once per URL)."""
        known = self._targets.get(url)
        if known is not None:
            return known
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise HttpError(f"unsupported URL: {url}")
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        key = (parts.scheme, parts.hostname, port)
        pool = self._pools.get(key)
        if pool is None:
            if https and self._tls is None:
                self._tls = ssl.create_default_context()
            pool = _Pool(
                parts.hostname,
                port,
                self._tls if https else None,
                self._max_connections,
                self._max_idle,
                self._idle_expiry,
                self._max_response_bytes,
            )
            self._pools[key] = pool
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host = parts.netloc.rsplit("@", 1)[-1]
        head = f"POST {path} HTTP/1.1\r\nHost: {host}\r\n".encode("latin-1")
        self._targets[url] = (pool, head)
        return pool, head

    async def post(
        self, url: str, body: bytes, headers: Mapping[str, str], time_limit: float, *, retry: bool = False
    ) -> HttpResponse:
        """POST `body` to `url`; raises `HttpError` or `TimeoutError`. `retry`: the request is safe to repeat."""
        pool, head = self._target(url)
        request = _request(head, headers, body)
        async with asyncio.timeout(time_limit), pool.slots:
            connection = pool.take_idle()
            if connection is not None:
                try:
                    response = await connection.send(request)
                except HttpError:
                    connection.close()
                    # Only a request that provably changed nothing is sent again: a query (retry=True) on a
                    # reused connection that died before answering (the server closed it while idle).
                    if not retry or connection.received_any:
                        raise
                except BaseException:
                    connection.close()
                    raise
                else:
                    pool.give_back(connection)
                    return response
            async with asyncio.timeout(self._connect_timeout):
                connection = await pool.connect()
            try:
                response = await connection.send(request)
            except BaseException:
                connection.close()
                raise
            pool.give_back(connection)
            return response

    def close(self) -> None:
        """Close the idle connections (those in use close when their request ends)."""
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()
        self._targets.clear()


#: Headers this client writes itself: from callers they could frame the body twice or point it elsewhere.
CLIENT_OWNED_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection", "expect", "upgrade"})


def _request(head: bytes, headers: Mapping[str, str], body: bytes) -> bytes:
    """The request bytes: request line and Host (`head`), the caller's headers, Content-Length, the body."""
    lines = [head]
    for name, value in headers.items():
        if "\r" in name or "\n" in name or "\r" in value or "\n" in value or ":" in name or not name.strip():
            raise HttpError(f"header {name!r} is not a valid HTTP header")
        if name.lower() in CLIENT_OWNED_HEADERS:
            raise HttpError(f"header {name!r} is set by the HTTP client, not by callers")
        try:
            lines.append(f"{name}: {value}\r\n".encode("latin-1"))
        except UnicodeEncodeError as exc:
            raise HttpError(f"header {name!r} has characters HTTP/1.1 cannot carry") from exc
    lines.append(b"Content-Length: %d\r\n\r\n" % len(body))
    lines.append(body)
    return b"".join(lines)
