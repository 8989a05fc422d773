"""Pulling the supergraph from the schema registry: a conditional GET with `If-None-Match`, cheap to poll.

`RegistrySupergraphClient.fetch(etag)` (or `afetch` on an event loop) asks
`GET {registry}/graphs/{graph}/variants/{variant}/supergraph` with the last ETag and returns `Fetched(sdl, etag)`
or `NotModified(etag)`; anything else raises `RegistryFetchError` (the router keeps serving what it has).

`RegistrySource` wraps a client in the shape of the router's `SupergraphSource` (`version()` / `read()`):
`version()` polls (one conditional request) and returns the current ETag, `read()` returns the SDL fetched with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import quote

import httpx

logger = logging.getLogger(__name__)


class RegistryFetchError(OSError):
    """The registry did not hand out a supergraph (unreachable, refused, no supergraph yet).

    An `OSError`, so the router's reload loop treats it like an unreadable supergraph file: keep the current one.
    """


@dataclass(frozen=True, slots=True)
class Fetched:
    """A supergraph SDL and its ETag."""

    sdl: str
    etag: str | None


@dataclass(frozen=True, slots=True)
class NotModified:
    """The registry's supergraph still has the ETag the caller sent."""

    etag: str


def parse_graph_ref(ref: str) -> tuple[str, str]:
    """`graph@variant` -> (graph, variant); a bare graph means its `main` variant."""
    graph, _, variant = ref.partition("@")
    if not graph:
        raise ValueError(f"invalid graph ref {ref!r}: expected graph@variant")
    return graph, variant or "main"


class RegistrySupergraphClient:
    """Fetches one variant's supergraph from one registry with a read (or write) token."""

    def __init__(
        self,
        base_url: str,
        graph_ref: str,
        token: str | None,
        *,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        graph, variant = parse_graph_ref(graph_ref)
        self.url = (
            f"{base_url.rstrip('/')}/graphs/{quote(graph, safe='')}/variants/{quote(variant, safe='')}/supergraph"
        )
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._timeout = timeout
        self._transport = transport
        self._async_transport = async_transport

    def _request_headers(self, etag: str | None) -> dict[str, str]:
        return {**self._headers, "If-None-Match": etag} if etag else dict(self._headers)

    def _answer(self, response: httpx.Response, etag: str | None) -> Fetched | NotModified:
        if response.status_code == 304 and etag is not None:
            return NotModified(response.headers.get("etag", etag))
        if response.status_code != 200:
            raise RegistryFetchError(
                f"the registry answered {response.status_code} for {self.url}: {response.text[:300]}"
            )
        return Fetched(response.text, response.headers.get("etag"))

    def fetch(self, etag: str | None = None) -> Fetched | NotModified:
        """One conditional GET (blocking)."""
        try:
            with httpx.Client(timeout=self._timeout, transport=self._transport) as client:
                response = client.get(self.url, headers=self._request_headers(etag))
        except httpx.HTTPError as exc:
            raise RegistryFetchError(f"cannot reach the registry at {self.url}: {exc}") from exc
        return self._answer(response, etag)

    async def afetch(self, etag: str | None = None) -> Fetched | NotModified:
        """One conditional GET on the running event loop."""
        try:
            async with httpx.AsyncClient(timeout=self._timeout, transport=self._async_transport) as client:
                response = await client.get(self.url, headers=self._request_headers(etag))
        except httpx.HTTPError as exc:
            raise RegistryFetchError(f"cannot reach the registry at {self.url}: {exc}") from exc
        return self._answer(response, etag)


class RegistrySource:
    """A `SupergraphSource` backed by the registry: `version()` polls, `read()` returns the SDL of that version.

    `version()` does network I/O: call it off the event loop (`asyncio.to_thread`). A failed poll returns the last
    known ETag, so a registry outage never looks like a change.
    """

    def __init__(self, client: RegistrySupergraphClient) -> None:
        self.client = client
        self._current: Fetched | None = None
        self.last_error: RegistryFetchError | None = None

    def version(self) -> str | None:
        known = self._current.etag if self._current else None
        try:
            answer = self.client.fetch(known)
        except RegistryFetchError as exc:
            if self.last_error is None:  # once per outage, not once per poll
                logger.warning("supergraph poll failed, keeping the current one: %s", exc)
            self.last_error = exc
            return known
        self.last_error = None
        if isinstance(answer, Fetched):
            self._current = answer
        return self._current.etag if self._current else None

    def read(self) -> str:
        if self._current is None:
            answer = self.client.fetch(None)
            assert isinstance(answer, Fetched)  # without an ETag sent, the registry cannot answer 304
            self._current = answer
        return self._current.sdl
