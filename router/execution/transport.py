"""The subgraph transport seam: how one GraphQL request reaches one subgraph.

`SubgraphTransport` is what the executor needs. Two real ones share per-subgraph timeouts, static headers and
orjson on both ways: `PooledTransport` (the default: `http_pool.HttpPool`, asyncio + httptools keep-alive pools)
and `HttpxTransport` (one shared `httpx.AsyncClient`); `traffic.client` picks one. Tests may pass their own.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
import orjson

from router.config import SubgraphSettings, TrafficSettings
from router.execution.http_pool import HttpError, HttpPool

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
    idempotent: bool = False  # a query: safe to send again when a keep-alive connection turns out stale


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


class _SubgraphSettings:
    """Per-subgraph headers and timeouts, computed once per subgraph rather than per request."""

    def __init__(
        self,
        traffic: TrafficSettings,
        subgraphs: Mapping[str, SubgraphSettings] | None,
        extra_headers: Mapping[str, Mapping[str, str]] | None,
    ) -> None:
        self._traffic = traffic
        self._subgraphs = dict(subgraphs or {})
        self._extra_headers = dict(extra_headers or {})  # per subgraph name (router-to-subgraph secrets)
        self._headers: dict[str, dict[str, str]] = {}
        self._timeouts: dict[str, float] = {}

    def headers(self, service: str) -> dict[str, str]:
        headers = self._headers.get(service)
        if headers is None:
            headers = {"content-type": "application/json", "accept": _JSON_TYPES, **self._traffic.headers}
            override = self._subgraphs.get(service)
            if override is not None:
                headers.update(override.headers)
            headers.update(self._extra_headers.get(service, {}))
            self._headers[service] = headers
        return headers

    def timeout(self, service: str) -> float:
        seconds = self._timeouts.get(service)
        if seconds is None:
            override = self._subgraphs.get(service)
            seconds = override.timeout_seconds if override and override.timeout_seconds else None
            seconds = seconds or self._traffic.timeout_seconds
            self._timeouts[service] = seconds
        return seconds


def _body(request: SubgraphRequest) -> bytes:
    payload: dict[str, Any] = {"query": request.query}
    if request.variables:
        payload["variables"] = request.variables
    if request.operation_name:
        payload["operationName"] = request.operation_name
    return orjson.dumps(payload)


class _HttpTransport:
    """What both real transports share: per-subgraph headers and timeouts, the JSON body, the GraphQL answer."""

    def __init__(
        self,
        traffic: TrafficSettings,
        subgraphs: Mapping[str, SubgraphSettings] | None = None,
        *,
        extra_headers: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self._settings = _SubgraphSettings(traffic, subgraphs, extra_headers)
        self._open(traffic)

    def _open(self, traffic: TrafficSettings) -> None:
        """Set up the HTTP client."""
        raise NotImplementedError

    async def send(self, request: SubgraphRequest) -> dict[str, Any]:
        headers = self._settings.headers(request.service)
        if request.headers:
            headers = {**headers, **request.headers}
        status, content = await self._post(request, _body(request), headers, self._settings.timeout(request.service))
        return _graphql_body(request.service, status, content)

    async def _post(
        self, request: SubgraphRequest, body: bytes, headers: Mapping[str, str], time_limit: float
    ) -> tuple[int, bytes]:
        """Send one POST; answer (status, body) or raise `SubgraphFetchError`."""
        raise NotImplementedError


class PooledTransport(_HttpTransport):
    """The default transport: `HttpPool` (asyncio + httptools keep-alive pools), many times faster than httpx
    under concurrency. Queries may be retried once on a stale keep-alive connection; mutations never are."""

    def _open(self, traffic: TrafficSettings) -> None:
        self._pool = HttpPool(
            max_connections=traffic.max_connections,
            max_idle=traffic.max_keepalive_connections,
            connect_timeout=traffic.connect_timeout_seconds,
            tls=ssl.create_default_context(cafile=str(traffic.ca_file)) if traffic.ca_file else None,
            max_response_bytes=traffic.max_response_bytes,
        )

    async def _post(
        self, request: SubgraphRequest, body: bytes, headers: Mapping[str, str], time_limit: float
    ) -> tuple[int, bytes]:
        try:
            response = await self._pool.post(request.url, body, headers, time_limit, retry=request.idempotent)
        except TimeoutError as exc:
            raise SubgraphFetchError(request.service, "SUBGRAPH_TIMEOUT", "timed out") from exc
        except HttpError as exc:
            raise SubgraphFetchError(request.service, "SUBGRAPH_REQUEST_FAILED", str(exc)) from exc
        return response.status, response.body

    async def aclose(self) -> None:
        self._pool.close()


class HttpxTransport(_HttpTransport):
    """The same over one shared `httpx.AsyncClient` (keep-alive pools and limits), for what the pooled client does
    not do (proxies from the environment, HTTP/2 servers that refuse HTTP/1.1); slower under load."""

    def _open(self, traffic: TrafficSettings) -> None:
        self._connect_timeout = traffic.connect_timeout_seconds
        self._max_response_bytes = traffic.max_response_bytes
        self._client = httpx.AsyncClient(
            limits=httpx.Limits(
                max_connections=traffic.max_connections,
                max_keepalive_connections=traffic.max_keepalive_connections,
            ),
            timeout=httpx.Timeout(traffic.timeout_seconds, connect=traffic.connect_timeout_seconds),
            follow_redirects=False,
            verify=ssl.create_default_context(cafile=str(traffic.ca_file)) if traffic.ca_file else True,
        )

    async def _post(
        self, request: SubgraphRequest, body: bytes, headers: Mapping[str, str], time_limit: float
    ) -> tuple[int, bytes]:
        try:
            async with self._client.stream(
                "POST",
                request.url,
                content=body,
                headers=headers,
                timeout=httpx.Timeout(time_limit, connect=self._connect_timeout),
            ) as response:
                content = bytearray()
                async for chunk in response.aiter_bytes():
                    content += chunk
                    if len(content) > self._max_response_bytes:
                        raise SubgraphFetchError(
                            request.service,
                            "SUBGRAPH_REQUEST_FAILED",
                            f"response body larger than {self._max_response_bytes} bytes",
                        )
        except httpx.TimeoutException as exc:
            raise SubgraphFetchError(request.service, "SUBGRAPH_TIMEOUT", f"{type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise SubgraphFetchError(request.service, "SUBGRAPH_REQUEST_FAILED", f"{type(exc).__name__}") from exc
        return response.status_code, bytes(content)

    async def aclose(self) -> None:
        await self._client.aclose()


def create_transport(
    traffic: TrafficSettings,
    subgraphs: Mapping[str, SubgraphSettings] | None = None,
    *,
    extra_headers: Mapping[str, Mapping[str, str]] | None = None,
) -> SubgraphTransport:
    """The transport `traffic.client` names."""
    kind = PooledTransport if traffic.client == "pooled" else HttpxTransport
    return kind(traffic, subgraphs, extra_headers=extra_headers)


def _graphql_body(service: str, status: int, content: bytes) -> dict[str, Any]:
    """The GraphQL response in an HTTP response; an HTTP error status with a GraphQL body still counts as one."""
    try:
        body = orjson.loads(content)
    except orjson.JSONDecodeError:
        body = None
    if isinstance(body, dict) and ("data" in body or "errors" in body):
        return body
    if 200 <= status < 300:
        raise SubgraphFetchError(service, "SUBGRAPH_RESPONSE_INVALID", "the response is not a GraphQL response")
    raise SubgraphFetchError(service, "SUBGRAPH_REQUEST_FAILED", f"HTTP {status}")
