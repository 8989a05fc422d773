"""The subgraph transport seam: how one GraphQL request reaches one subgraph.

`SubgraphTransport` is what the executor needs; `HttpxTransport` is the real one (one shared `httpx.AsyncClient`,
keep-alive pools, per-subgraph timeouts and static headers, orjson on both ways). Tests may pass their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
import orjson

from router.config import SubgraphSettings, TrafficSettings

_JSON_TYPES = "application/graphql-response+json, application/json;q=0.9"


@dataclass(frozen=True, slots=True)
class SubgraphRequest:
    """One GraphQL request for one subgraph."""

    service: str  # subgraph name, for errors and per-subgraph settings
    url: str
    query: str
    variables: Mapping[str, Any]
    operation_name: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)  # per client request (forwarded Authorization)


class SubgraphFetchError(Exception):
    """The subgraph gave no usable GraphQL response (unreachable, timed out, not JSON, HTTP error without body)."""

    def __init__(self, service: str, code: str, message: str) -> None:
        super().__init__(message)
        self.service = service
        self.code = code
        self.message = message


class SubgraphTransport(Protocol):
    """Sends one request and returns the subgraph's GraphQL response (a dict with `data` and/or `errors`)."""

    async def send(self, request: SubgraphRequest) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


class HttpxTransport:
    """The production transport: one pooled `httpx.AsyncClient` for every subgraph."""

    def __init__(
        self,
        traffic: TrafficSettings,
        subgraphs: Mapping[str, SubgraphSettings] | None = None,
        *,
        extra_headers: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self._traffic = traffic
        self._subgraphs = dict(subgraphs or {})
        self._extra_headers = dict(extra_headers or {})  # per subgraph name (router-to-subgraph secrets)
        self._client = httpx.AsyncClient(
            limits=httpx.Limits(
                max_connections=traffic.max_connections,
                max_keepalive_connections=traffic.max_keepalive_connections,
            ),
            timeout=httpx.Timeout(traffic.timeout_seconds, connect=traffic.connect_timeout_seconds),
            follow_redirects=False,
        )
        # Headers and timeouts per subgraph are computed once, not per request.
        self._static_headers: dict[str, dict[str, str]] = {}
        self._timeouts: dict[str, httpx.Timeout] = {}

    def _headers_for(self, service: str) -> dict[str, str]:
        headers = self._static_headers.get(service)
        if headers is None:
            headers = {"content-type": "application/json", "accept": _JSON_TYPES, **self._traffic.headers}
            override = self._subgraphs.get(service)
            if override is not None:
                headers.update(override.headers)
            headers.update(self._extra_headers.get(service, {}))
            self._static_headers[service] = headers
        return headers

    def _timeout_for(self, service: str) -> httpx.Timeout:
        timeout = self._timeouts.get(service)
        if timeout is None:
            override = self._subgraphs.get(service)
            seconds = override.timeout_seconds if override and override.timeout_seconds else None
            timeout = httpx.Timeout(
                seconds or self._traffic.timeout_seconds, connect=self._traffic.connect_timeout_seconds
            )
            self._timeouts[service] = timeout
        return timeout

    async def send(self, request: SubgraphRequest) -> dict[str, Any]:
        payload: dict[str, Any] = {"query": request.query}
        if request.variables:
            payload["variables"] = request.variables
        if request.operation_name:
            payload["operationName"] = request.operation_name
        headers = self._headers_for(request.service)
        if request.headers:
            headers = {**headers, **request.headers}
        try:
            response = await self._client.post(
                request.url,
                content=orjson.dumps(payload),
                headers=headers,
                timeout=self._timeout_for(request.service),
            )
        except httpx.TimeoutException as exc:
            raise SubgraphFetchError(request.service, "SUBGRAPH_TIMEOUT", f"{type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise SubgraphFetchError(request.service, "SUBGRAPH_REQUEST_FAILED", f"{type(exc).__name__}") from exc
        return _graphql_body(request.service, response)

    async def aclose(self) -> None:
        await self._client.aclose()


def _graphql_body(service: str, response: httpx.Response) -> dict[str, Any]:
    """The GraphQL response in an HTTP response; an HTTP error status with a GraphQL body still counts as one."""
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        body = None
    if isinstance(body, dict) and ("data" in body or "errors" in body):
        return body
    if response.is_success:
        raise SubgraphFetchError(service, "SUBGRAPH_RESPONSE_INVALID", "the response is not a GraphQL response")
    raise SubgraphFetchError(service, "SUBGRAPH_REQUEST_FAILED", f"HTTP {response.status_code}")
