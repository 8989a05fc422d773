"""The router's app factory: `create_app(settings)` builds the ASGI app; nothing happens at import time.

The GraphQL endpoint is a plain Starlette route (no FastAPI body parsing or validation on the hot path): it reads
the body under the size limit, decodes the GraphQL-over-HTTP request, runs the pipeline and answers with orjson.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles

from router.auth.authenticate import Authenticator
from router.config import RouterSettings
from router.execution.transport import SubgraphTransport, create_transport
from router.server import protocol
from router.server.authorization import AuthorizationStep, Authorize
from router.server.graphiql import STATIC_DIR, graphiql_page
from router.server.metrics import MeasuredTransport, RouterMetrics
from router.server.pipeline import Outcome, Pipeline, Planner, RouterState
from router.server.sources import ComposeSource, FileSource, SupergraphSource, load, watch
from router.supergraph.model import Supergraph

logger = logging.getLogger(__name__)

_INTERNAL_ERROR = orjson.dumps(
    {"errors": [{"message": "Internal server error", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
)
GRAPHIQL_ASSETS = "/graphiql-assets"


class BodyTooLarge(Exception):
    """The request body passed the configured limit."""


def _default_planner() -> Planner:
    planner: Planner = importlib.import_module("router.planning.planner").build_plan
    return planner


def _default_authorize() -> Authorize:
    authorize: Authorize = importlib.import_module("router.auth.authorization").authorize
    return authorize


def source_from_settings(settings: RouterSettings) -> SupergraphSource:
    """The supergraph source the settings name."""
    if settings.supergraph.file is not None:
        return FileSource(settings.supergraph.file)
    if settings.supergraph.compose is not None:
        return ComposeSource(settings.supergraph.compose)
    raise ValueError("no supergraph: set supergraph.file or supergraph.compose (or --supergraph / --compose)")


def _url_overrides(settings: RouterSettings) -> dict[str, str]:
    return {name: sub.url for name, sub in settings.subgraphs.items() if sub.url}


async def _read_body(request: Request, limit: int) -> bytes:
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


def create_app(
    settings: RouterSettings,
    *,
    supergraph: Supergraph | None = None,
    transport: SubgraphTransport | None = None,
    planner: Planner | None = None,
    authorize: Authorize | None = None,
) -> FastAPI:
    """The router app. `supergraph`, `transport`, `planner` and `authorize` replace the configured ones (tests)."""
    source: SupergraphSource | None = None
    if supergraph is None:
        source = source_from_settings(settings)
        supergraph = load(source, _url_overrides(settings))
    metrics = RouterMetrics()
    transport = transport or create_transport(
        settings.traffic,
        settings.subgraphs,
        # router-to-subgraph secrets, by subgraph name (also for subgraphs a reloaded supergraph adds)
        extra_headers={name: settings.auth.subgraph_headers(name) for name in settings.auth.subgraphs},
    )
    authenticator = Authenticator(settings.auth)
    authorization = AuthorizationStep(authorize or _default_authorize(), settings.auth)
    pipeline = Pipeline(
        settings,
        RouterState(supergraph, settings),
        MeasuredTransport(transport, metrics),
        planner or _default_planner(),
        authenticator,
        authorization,
    )

    def swapped(new: Supergraph) -> None:
        pipeline.swap(new)
        metrics.reloads.labels("ok").inc()

    def failed(_: Exception) -> None:
        metrics.reloads.labels("failed").inc()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await authenticator.start()
        watcher: asyncio.Task[None] | None = None
        if source is not None and settings.supergraph.poll_interval_seconds > 0:
            watcher = asyncio.create_task(
                watch(
                    source,
                    _url_overrides(settings),
                    settings.supergraph.poll_interval_seconds,
                    on_change=swapped,
                    on_error=failed,
                )
            )
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            await authenticator.aclose()
            await pipeline.transport.aclose()

    app = FastAPI(title="router", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.pipeline = pipeline
    app.state.metrics = metrics
    path = settings.listen.path
    page = graphiql_page(path, GRAPHIQL_ASSETS)
    graphiql = settings.graphiql_enabled
    json_types = {protocol.GRAPHQL_RESPONSE_JSON, protocol.APPLICATION_JSON}

    def answer(media_type: str, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
        metrics.requests.labels(str(status)).inc()
        return Response(orjson.dumps(body), status, headers, media_type=f"{media_type}; charset=utf-8")

    async def graphql_endpoint(request: Request) -> Response:
        started = time.perf_counter()
        try:
            return await handle(request)
        except Exception:  # never a stack trace to the client
            logger.exception("unhandled error answering a GraphQL request")
            metrics.requests.labels("500").inc()
            return Response(_INTERNAL_ERROR, 500, media_type="application/json; charset=utf-8")
        finally:
            metrics.latency.observe(time.perf_counter() - started)

    async def handle(request: Request) -> Response:
        method = request.method
        accept = request.headers.get("accept")
        if method == "GET" and graphiql and protocol.wants_html(accept) and "query" not in request.query_params:
            return HTMLResponse(page)
        if method not in ("GET", "POST"):
            return answer(
                protocol.APPLICATION_JSON,
                405,
                protocol.error_body("METHOD_NOT_ALLOWED", f"{method} is not supported; use GET or POST."),
                {"Allow": "GET, POST"},
            )
        media_type = protocol.negotiate(accept)
        if media_type is None or media_type not in json_types:
            return answer(
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
                body = await _read_body(request, settings.limits.max_body_bytes)
                graphql_request = protocol.parse_post(request.headers.get("content-type"), body)
        except ClientDisconnect:
            return Response(status_code=400)  # the client went away mid-body; nobody reads this
        except BodyTooLarge:
            return answer(
                media_type,
                413,
                protocol.error_body(
                    "PAYLOAD_TOO_LARGE", f"The request body exceeds {settings.limits.max_body_bytes} bytes."
                ),
            )
        except protocol.RequestError as error:
            return answer(media_type, error.status, protocol.error_body(error.code, error.message), error.headers)
        outcome: Outcome = await pipeline.run(
            graphql_request, method=method, headers=request.headers, query_params=request.query_params
        )
        status = outcome.status or protocol.status_for(media_type, outcome.request_error)
        return answer(media_type, status, outcome.body, dict(outcome.headers) or None)

    app.add_route(path, graphql_endpoint, methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def ready(_: Request) -> Response:
        state = pipeline.state
        return JSONResponse(
            {"status": "ready", "subgraphs": sorted(s.name for s in state.supergraph.subgraphs.values())}
        )

    async def prometheus(_: Request) -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    app.add_route("/health", health, methods=["GET"], include_in_schema=False)
    app.add_route("/ready", ready, methods=["GET"], include_in_schema=False)
    app.add_route("/metrics", prometheus, methods=["GET"], include_in_schema=False)
    if graphiql and Path(STATIC_DIR).is_dir():
        app.mount(GRAPHIQL_ASSETS, StaticFiles(directory=STATIC_DIR), name="graphiql-assets")
    if settings.cors.allow_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors.allow_origins,
            allow_credentials=settings.cors.allow_credentials,
            allow_methods=["GET", "POST"],
            allow_headers=settings.cors.allow_headers,
            max_age=settings.cors.max_age_seconds,
        )
    return app
