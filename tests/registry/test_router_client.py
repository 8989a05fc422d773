"""The router's registry client on a scripted transport: conditional requests, outages, async fetches."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from router.sources.registry import Fetched, NotModified, RegistryFetchError, RegistrySource, RegistrySupergraphClient

READ = "read"


class ScriptedRegistry:
    """Answers like the registry: the SDL with an ETag, 304 when If-None-Match matches, or an outage."""

    def __init__(self) -> None:
        self.sdl = "type Query { a: Int }"
        self.down = False
        self.requests: list[httpx.Request] = []

    @property
    def etag(self) -> str:
        return f'"{abs(hash(self.sdl))}"'

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if request.headers.get("authorization") != f"Bearer {READ}":
            return httpx.Response(401, json={"errors": [{"message": "no", "extensions": {"code": "UNAUTHENTICATED"}}]})
        if request.headers.get("if-none-match") == self.etag:
            return httpx.Response(304, headers={"etag": self.etag})
        return httpx.Response(200, text=self.sdl, headers={"etag": self.etag})


@pytest.fixture
def registry() -> ScriptedRegistry:
    return ScriptedRegistry()


def client_for(registry: ScriptedRegistry, token: str = READ) -> RegistrySupergraphClient:
    return RegistrySupergraphClient(
        "http://registry.test/",
        "giftgraph@staging",
        token,
        transport=httpx.MockTransport(registry.handle),
        async_transport=httpx.MockTransport(registry.handle),
    )


def test_conditional_fetch(registry: ScriptedRegistry) -> None:
    client = client_for(registry)
    first = client.fetch()
    assert first == Fetched(registry.sdl, registry.etag)
    assert registry.requests[0].url == "http://registry.test/graphs/giftgraph/variants/staging/supergraph"
    assert client.fetch(registry.etag) == NotModified(registry.etag)
    assert registry.requests[1].headers["if-none-match"] == registry.etag
    with pytest.raises(RegistryFetchError, match="401"):
        client_for(registry, "wrong").fetch()


def test_async_fetch(registry: ScriptedRegistry) -> None:
    client = client_for(registry)
    assert asyncio.run(client.afetch(registry.etag)) == NotModified(registry.etag)
    registry.sdl = "type Query { b: Int }"
    assert asyncio.run(client.afetch('"old"')) == Fetched(registry.sdl, registry.etag)


def test_source_polls_and_survives_outages(registry: ScriptedRegistry) -> None:
    source = RegistrySource(client_for(registry))
    first = source.version()
    assert first == registry.etag and source.read() == "type Query { a: Int }"
    registry.down = True
    assert source.version() == first  # an outage never looks like a change
    assert isinstance(source.last_error, RegistryFetchError)
    registry.down = False
    registry.sdl = "type Query { c: Int }"
    assert source.version() != first and source.last_error is None
    assert source.read() == "type Query { c: Int }"
