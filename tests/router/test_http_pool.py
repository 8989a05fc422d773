"""The router's HTTP/1.1 client against small raw servers: keep-alive, chunked bodies, closes, retries, timeouts."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from router.execution.http_pool import HttpError, HttpPool

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, int], Awaitable[bool]]


async def read_request(reader: asyncio.StreamReader) -> bytes | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    length = next(
        int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
    )
    return await reader.readexactly(length)


class RawServer:
    """Counts connections and requests; `handler` answers request number n on a connection (False: close it)."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0
        self.requests = 0
        self.server: asyncio.Server | None = None

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        n = 0
        while await read_request(reader) is not None:
            self.requests += 1
            n += 1
            if not await self.handler(reader, writer, n):
                break
        writer.close()

    async def __aenter__(self) -> str:
        self.server = await asyncio.start_server(self.serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/graphql"

    async def __aexit__(self, *_: object) -> None:
        assert self.server is not None
        self.server.close()


def ok(body: bytes = b'{"data":{}}', extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%s\r\n%s" % (len(body), extra, body)


def bodies_from(handler: Handler, requests: int) -> tuple[RawServer, list[bytes]]:
    """`requests` POSTs one after another through one pool: the server (with its counts) and the bodies."""

    async def go() -> tuple[RawServer, list[bytes]]:
        server = RawServer(handler)
        async with server as url:
            pool = HttpPool()
            bodies = [(await pool.post(url, b"{}", {}, 10)).body for _ in range(requests)]
            pool.close()
        return server, bodies

    return asyncio.run(go())


def test_keep_alive_reuses_one_connection() -> None:
    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        w.write(ok())
        return True

    server, bodies = bodies_from(handler, 5)
    assert bodies == [b'{"data":{}}'] * 5
    assert (server.connections, server.requests) == (1, 5)


def test_chunked_bodies_and_connection_close() -> None:
    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        w.write(b"HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        w.write(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        return False

    async def go() -> tuple[RawServer, list[tuple[int, bytes]]]:
        server = RawServer(handler)
        async with server as url:
            pool = HttpPool()
            answers = [(r.status, r.body) for r in [await pool.post(url, b"{}", {}, 5) for _ in range(2)]]
            pool.close()
        return server, answers

    server, answers = asyncio.run(go())
    assert answers == [(500, b"hello world")] * 2
    assert server.connections == 2, "Connection: close is honoured"


def test_a_query_is_retried_once_on_a_stale_connection_but_a_mutation_is_not() -> None:
    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, n: int) -> bool:
        if n == 2:  # the server drops the kept-alive connection without answering the second request
            return False
        w.write(ok())
        return True

    async def go(retry: bool) -> tuple[RawServer, Exception | None]:
        server = RawServer(handler)
        failure: Exception | None = None
        async with server as url:
            pool = HttpPool()
            await pool.post(url, b"{}", {}, 5)
            try:
                await pool.post(url, b"{}", {}, 5, retry=retry)
            except HttpError as exc:
                failure = exc
            pool.close()
        return server, failure

    server, failure = asyncio.run(go(retry=True))
    assert failure is None and server.connections == 2 and server.requests == 3
    server, failure = asyncio.run(go(retry=False))
    assert isinstance(failure, HttpError) and server.requests == 2


def test_timeout_and_refused_connection() -> None:
    async def handler(_r: asyncio.StreamReader, _w: asyncio.StreamWriter, _n: int) -> bool:
        await asyncio.sleep(5)
        return False

    async def go() -> None:
        async with RawServer(handler) as url:
            pool = HttpPool()
            with pytest.raises(TimeoutError):
                await pool.post(url, b"{}", {}, 0.2)
            with pytest.raises(HttpError):
                await pool.post("http://127.0.0.1:9/graphql", b"{}", {}, 2)
            pool.close()

    asyncio.run(go())


def test_header_injection_is_refused() -> None:
    async def go() -> None:
        pool = HttpPool()
        with pytest.raises(HttpError):
            await pool.post("http://127.0.0.1:9/graphql", b"{}", {"x": "a\r\nEvil: 1"}, 2)

    asyncio.run(go())


def test_concurrent_requests_are_bounded_by_max_connections() -> None:
    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        await asyncio.sleep(0.05)
        w.write(ok())
        return True

    async def go() -> RawServer:
        server = RawServer(handler)
        async with server as url:
            pool = HttpPool(max_connections=3)
            await asyncio.gather(*(pool.post(url, b"{}", {}, 5) for _ in range(12)))
            pool.close()
        return server

    server = asyncio.run(go())
    assert server.requests == 12
    assert server.connections == 3


def test_a_body_delimited_by_the_end_of_the_connection() -> None:
    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        w.write(b'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"data":{"old":true}}')
        return False

    async def go() -> tuple[int, bytes]:
        async with RawServer(handler) as url:
            pool = HttpPool()
            response = await pool.post(url, b"{}", {}, 5)
            pool.close()
        return response.status, response.body

    assert asyncio.run(go()) == (200, b'{"data":{"old":true}}')


def _self_signed(directory: Path) -> tuple[Path, Path]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def test_https_with_certificate_checks(tmp_path: Path) -> None:
    cert_file, key_file = _self_signed(tmp_path)

    async def go() -> tuple[bytes, Exception | None]:
        server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_tls.load_cert_chain(cert_file, key_file)

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while await read_request(reader) is not None:
                writer.write(ok(b'{"data":{"tls":true}}'))
            writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=server_tls)
        port = server.sockets[0].getsockname()[1]
        url = f"https://localhost:{port}/graphql"
        trusting = HttpPool(tls=ssl.create_default_context(cafile=str(cert_file)))
        body = (await trusting.post(url, b"{}", {}, 5)).body
        trusting.close()
        refused: Exception | None = None
        default = HttpPool()  # the system CAs do not know this certificate
        try:
            await default.post(url, b"{}", {}, 5)
        except HttpError as exc:
            refused = exc
        default.close()
        server.close()
        return body, refused

    body, refused = asyncio.run(go())
    assert body == b'{"data":{"tls":true}}'
    assert refused is not None


@pytest.mark.parametrize("client", ["pooled", "httpx"])
def test_both_transports_trust_the_configured_ca_file(tmp_path: Path, client: str) -> None:
    from router.config import TrafficSettings
    from router.execution.transport import SubgraphRequest, create_transport

    cert_file, key_file = _self_signed(tmp_path)

    async def go() -> dict[str, object]:
        server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_tls.load_cert_chain(cert_file, key_file)

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while await read_request(reader) is not None:
                writer.write(ok(b'{"data":{"tls":true}}'))
            writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=server_tls)
        port = server.sockets[0].getsockname()[1]
        transport = create_transport(TrafficSettings(client=client, ca_file=cert_file))
        try:
            return await transport.send(SubgraphRequest("s", f"https://localhost:{port}/graphql", "{ tls }", {}))
        finally:
            await transport.aclose()
            server.close()

    assert asyncio.run(go()) == {"data": {"tls": True}}


def test_interim_1xx_responses_are_skipped_and_the_connection_stays_in_step() -> None:
    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, n: int) -> bool:
        w.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n")
        w.write(ok(b'{"data":{"n":%d}}' % n))
        return True

    server, bodies = bodies_from(handler, 3)
    assert bodies == [b'{"data":{"n":1}}', b'{"data":{"n":2}}', b'{"data":{"n":3}}']
    assert server.connections == 1


def test_a_response_nobody_asked_for_retires_the_connection() -> None:
    """A server that answers twice: the extra answer must never be read as the next request's."""

    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, n: int) -> bool:
        w.write(ok(b'{"data":{"n":%d}}' % n))
        await w.drain()
        await asyncio.sleep(0.02)
        w.write(ok(b'{"data":{"stray":true}}'))
        return True

    async def go() -> tuple[RawServer, list[bytes]]:
        server = RawServer(handler)
        async with server as url:
            pool = HttpPool()
            bodies = []
            for _ in range(3):
                bodies.append((await pool.post(url, b"{}", {}, 5, retry=False)).body)
                await asyncio.sleep(0.1)  # the stray answer arrives while the connection is idle
            pool.close()
        return server, bodies

    server, bodies = asyncio.run(go())
    assert bodies == [b'{"data":{"n":1}}'] * 3, "every request got its own answer, on a fresh connection"
    assert server.connections == 3


def test_a_response_cut_short_fails_and_is_not_retried() -> None:
    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, n: int) -> bool:
        if n == 1:
            w.write(ok())
            return True
        w.write(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"data"')  # then the connection ends
        return False

    async def go() -> tuple[RawServer, Exception | None]:
        server = RawServer(handler)
        failure: Exception | None = None
        async with server as url:
            pool = HttpPool()
            await pool.post(url, b"{}", {}, 5)
            try:
                await pool.post(url, b"{}", {}, 5, retry=True)
            except HttpError as exc:
                failure = exc
            pool.close()
        return server, failure

    server, failure = asyncio.run(go())
    assert isinstance(failure, HttpError)
    assert server.requests == 2, "bytes of an answer arrived: the request is not sent again, even a query"


def test_a_response_dribbled_byte_by_byte_with_chunk_extensions_and_trailers() -> None:
    response = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
        b'7;name=value\r\n{"data"\r\n5\r\n:{}}\n\r\n0\r\nX-Checksum: 1\r\n\r\n'
    )

    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        for byte in response:
            w.write(bytes([byte]))
            await w.drain()
        return True

    server, bodies = bodies_from(handler, 2)
    assert bodies == [b'{"data":{}}\n'] * 2
    assert server.connections == 1, "the trailers were consumed: the connection stays in step and is reused"


def test_a_connection_whose_request_timed_out_is_never_reused() -> None:
    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, n: int) -> bool:
        if n == 1:
            await asyncio.sleep(0.3)  # answers, late, the request the client gave up on
        w.write(ok(b'{"data":{"n":%d}}' % n))
        return True

    async def go() -> tuple[RawServer, bytes]:
        server = RawServer(handler)
        async with server as url:
            pool = HttpPool()
            with pytest.raises(TimeoutError):
                await pool.post(url, b"{}", {}, 0.1)
            await asyncio.sleep(0.4)
            body = (await pool.post(url, b'{"second":1}', {}, 5)).body
            pool.close()
        return server, body

    server, body = asyncio.run(go())
    assert server.connections == 2
    assert body == b'{"data":{"n":1}}', "the first answer on a new connection, not the late one"


def test_idle_connections_the_server_closed_or_that_expired_are_not_used() -> None:
    async def closing(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        w.write(ok())  # keep-alive by default, then the server closes anyway
        return False

    async def keeping(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        w.write(ok())
        return True

    async def go(handler: Handler, expiry: float) -> RawServer:
        server = RawServer(handler)
        async with server as url:
            pool = HttpPool(idle_expiry=expiry)
            for _ in range(3):
                await pool.post(url, b"{}", {}, 5, retry=False)  # a mutation: would fail on a dead connection
                await asyncio.sleep(0.1)
            pool.close()
        return server

    assert asyncio.run(go(closing, 10.0)).connections == 3
    assert asyncio.run(go(keeping, 0.05)).connections == 3
    assert asyncio.run(go(keeping, 10.0)).connections == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"authorization": "Bearer \u20ac"},  # not latin-1
        {"content-length": "0"},  # would frame the body twice
        {"Transfer-Encoding": "chunked"},
        {"Host": "elsewhere.example"},
        {"x-a: b\r\nx": "c"},
        {"x:y": "c"},
    ],
)
def test_headers_the_client_cannot_send_safely_are_refused(headers: dict[str, str]) -> None:
    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        w.write(ok())
        return True

    async def go() -> RawServer:
        server = RawServer(handler)
        async with server as url:
            pool = HttpPool()
            with pytest.raises(HttpError):
                await pool.post(url, b"{}", headers, 2)
            pool.close()
        return server

    server = asyncio.run(go())
    assert (server.connections, server.requests) == (0, 0), "refused before anything was sent"


def test_a_response_body_over_the_bound_fails_and_the_connection_is_dropped() -> None:
    big = b'{"data":{"s":"' + b"x" * 5000 + b'"}}'
    answered: list[int] = []

    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        answered.append(1)
        if len(answered) == 1:  # the first request of the test, whatever its connection
            w.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(big), big))
        else:
            w.write(ok())
        return True

    async def go() -> tuple[RawServer, Exception | None, bytes]:
        server = RawServer(handler)
        failure: Exception | None = None
        async with server as url:
            pool = HttpPool(max_response_bytes=1024)
            try:
                await pool.post(url, b"{}", {}, 5)
            except HttpError as exc:
                failure = exc
            body = (await pool.post(url, b"{}", {}, 5)).body
            pool.close()
        return server, failure, body

    server, failure, body = asyncio.run(go())
    assert isinstance(failure, HttpError) and "larger than 1024" in str(failure)
    assert body == b'{"data":{}}' and server.connections == 2, "the next request is answered on a new connection"


@pytest.mark.parametrize("client", ["pooled", "httpx"])
def test_both_transports_bound_the_response_body(client: str) -> None:
    from router.config import TrafficSettings
    from router.execution.transport import SubgraphFetchError, SubgraphRequest, create_transport

    big = b'{"data":{"s":"' + b"x" * 5000 + b'"}}'

    async def handler(_r: asyncio.StreamReader, w: asyncio.StreamWriter, _n: int) -> bool:
        w.write(ok(big))
        return True

    async def go() -> SubgraphFetchError | None:
        async with RawServer(handler) as url:
            transport = create_transport(TrafficSettings(client=client, max_response_bytes=1024))
            try:
                await transport.send(SubgraphRequest("s", url, "{ s }", {}))
            except SubgraphFetchError as exc:
                return exc
            finally:
                await transport.aclose()
        return None

    failure = asyncio.run(go())
    assert failure is not None and failure.code == "SUBGRAPH_REQUEST_FAILED"
