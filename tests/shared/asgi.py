"""An app in-process for the subgraph tests: a synchronous client over an ASGI app (an event loop in a portal
thread) and the `gql` helper that posts GraphQL operations as a given token."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import httpx
from anyio.from_thread import start_blocking_portal
from starlette.types import ASGIApp

#: `gql(query, variables=None, *, as_=token, headers={...})` -> the JSON body plus `_status` (the HTTP status).
GraphQL = Callable[..., Any]


class AsgiClient:
    """A synchronous HTTP client for an ASGI app, driven through an event loop in a portal thread."""

    def __init__(self, client: httpx.AsyncClient, call: Callable[..., Any]) -> None:
        self._client = client
        self._call = call

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        """POST to the app."""
        response: httpx.Response = self._call(partial(self._client.post, path, **kwargs))
        return response


@contextmanager
def asgi_client(app: ASGIApp, base_url: str) -> Iterator[AsgiClient]:
    """A client for `app` while the block runs (the app's lifespan is not run)."""
    transport = httpx.ASGITransport(app=app)
    with start_blocking_portal() as portal:
        async_client = httpx.AsyncClient(transport=transport, base_url=base_url)
        try:
            yield AsgiClient(async_client, portal.call)
        finally:
            portal.call(async_client.aclose)


def graphql_poster(client: AsgiClient) -> GraphQL:
    """POST a GraphQL operation as `as_` (a token string, or None for anonymous); returns the JSON body."""

    def run(query: str, variables: dict[str, Any] | None = None, *, as_: str | None = None, **extra: Any) -> Any:
        headers = {"authorization": f"Bearer {as_}"} if as_ else {}
        headers.update(extra.pop("headers", {}))
        response = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        body = response.json()
        body["_status"] = response.status_code
        return body

    return run
