"""The GraphQL endpoint: GraphQL over HTTP in front of the pipeline, and GraphiQL for browsers.

A plain Starlette endpoint (no FastAPI body parsing or validation on the hot path): it serves GraphiQL to a browser,
negotiates the media type, reads the body under the size limit, decodes the request, runs the pipeline and answers
with orjson. Whatever goes wrong inside becomes a coded 500, never a stack trace.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response

from router.config import RouterSettings
from router.server import protocol
from router.server.metrics import RouterMetrics
from router.server.pipeline import Pipeline

logger = logging.getLogger(__name__)

_INTERNAL_ERROR = orjson.dumps(
    {"errors": [{"message": "Internal server error", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
)
_JSON_TYPES = frozenset({protocol.GRAPHQL_RESPONSE_JSON, protocol.APPLICATION_JSON})


class BodyTooLarge(Exception):
    """The request body passed the configured limit."""


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes `limit` (read straight from ASGI `receive`: no stream wrapper)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await request.receive()
        if message["type"] != "http.request":
            raise ClientDisconnect
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class GraphQLEndpoint:
    """`await endpoint.respond(request)`: one GraphQL-over-HTTP exchange (or the GraphiQL page)."""

    def __init__(
        self, settings: RouterSettings, pipeline: Pipeline, metrics: RouterMetrics, graphiql_page: str | None
    ) -> None:
        self._pipeline = pipeline
        self._metrics = metrics
        self._graphiql_page = graphiql_page  # None: GraphiQL is off
        self._max_body = settings.limits.max_body_bytes

    async def respond(self, request: Request) -> Response:
        started = time.perf_counter()
        try:
            return await self._handle(request)
        except Exception:  # never a stack trace to the client
            logger.exception("unhandled error answering a GraphQL request")
            self._metrics.requests.labels("500").inc()
            return Response(_INTERNAL_ERROR, 500, media_type="application/json; charset=utf-8")
        finally:
            self._metrics.latency.observe(time.perf_counter() - started)

    def _answer(
        self, media_type: str, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> Response:
        self._metrics.requests.labels(str(status)).inc()
        return Response(orjson.dumps(body), status, headers, media_type=f"{media_type}; charset=utf-8")

    async def _handle(self, request: Request) -> Response:
        method = request.method
        accept = request.headers.get("accept")
        if (
            method == "GET"
            and self._graphiql_page is not None
            and protocol.wants_html(accept)
            and "query" not in request.query_params
        ):
            return HTMLResponse(self._graphiql_page)
        if method not in ("GET", "POST"):
            return self._answer(
                protocol.APPLICATION_JSON,
                405,
                protocol.error_body("METHOD_NOT_ALLOWED", f"{method} is not supported; use GET or POST."),
                {"Allow": "GET, POST"},
            )
        media_type = protocol.negotiate(accept)
        if media_type is None or media_type not in _JSON_TYPES:
            return self._answer(
                protocol.APPLICATION_JSON,
                406,
                protocol.error_body(
                    "NOT_ACCEPTABLE", "Accept application/graphql-response+json or application/json (utf-8)."
                ),
            )
        try:
            if method == "GET":
                graphql_request = protocol.parse_get(request.query_params)
            else:
                body = await read_body(request, self._max_body)
                graphql_request = protocol.parse_post(request.headers.get("content-type"), body)
        except ClientDisconnect:
            return Response(status_code=400)  # the client went away mid-body; nobody reads this
        except BodyTooLarge:
            return self._answer(
                media_type,
                413,
                protocol.error_body("PAYLOAD_TOO_LARGE", f"The request body exceeds {self._max_body} bytes."),
            )
        except protocol.RequestError as error:
            return self._answer(media_type, error.status, protocol.error_body(error.code, error.message), error.headers)
        outcome = await self._pipeline.run(
            graphql_request, method=method, headers=request.headers, query_params=request.query_params
        )
        status = outcome.status or protocol.status_for(media_type, outcome.request_error)
        return self._answer(media_type, status, outcome.body, dict(outcome.headers) or None)
