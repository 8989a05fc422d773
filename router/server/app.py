"""The router's app factory: `create_app(settings)` builds the ASGI app; nothing happens at import time.

It is the composition root: it loads the supergraph, builds the transport, authentication, authorization, planner
and pipeline, and routes the GraphQL endpoint (`endpoint.py`), GraphiQL's files, /health, /ready and /metrics. The
lifespan starts the JWKS caches and the supergraph watcher and closes connections on the way out.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.staticfiles import StaticFiles

from router.auth.authenticate import Authenticator
from router.auth.authorization import authorize as authorize_operation
from router.config import RouterSettings
from router.execution.transport import SubgraphTransport, create_transport
from router.planning.planner import build_plan
from router.server.authorization import AuthorizationStep, Authorize
from router.server.endpoint import GraphQLEndpoint
from router.server.graphiql import STATIC_DIR, graphiql_page
from router.server.metrics import MeasuredTransport, RouterMetrics
from router.server.pipeline import Pipeline, Planner, RouterState
from router.server.sources import ComposeSource, FileSource, SupergraphSource, load, registry_source, watch
from router.supergraph.model import Supergraph

GRAPHIQL_ASSETS = "/graphiql-assets"


def source_from_settings(settings: RouterSettings) -> SupergraphSource:
    """The supergraph source the settings name."""
    if settings.supergraph.file is not None:
        return FileSource(settings.supergraph.file)
    if settings.supergraph.compose is not None:
        return ComposeSource(settings.supergraph.compose)
    if settings.supergraph.registry is not None:
        return registry_source(settings.supergraph.registry)
    raise ValueError(
        "no supergraph: set supergraph.file, supergraph.compose or supergraph.registry (or --supergraph / --compose)"
    )


def _url_overrides(settings: RouterSettings) -> dict[str, str]:
    return {name: sub.url for name, sub in settings.subgraphs.items() if sub.url}


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
    authorization = AuthorizationStep(authorize or authorize_operation, settings.auth)
    pipeline = Pipeline(
        settings,
        RouterState(supergraph, settings),
        MeasuredTransport(transport, metrics),
        planner or build_plan,
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
    page = (
        graphiql_page(path, GRAPHIQL_ASSETS, settings.graphiql_default_query, settings.graphiql_default_headers)
        if settings.graphiql_enabled
        else None
    )
    endpoint = GraphQLEndpoint(settings, pipeline, metrics, page)
    app.add_route(path, endpoint.respond, methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)

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
    if settings.graphiql_enabled and Path(STATIC_DIR).is_dir():
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
