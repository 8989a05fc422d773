"""Assembles a subgraph's HTTP application: health routes, the body limit, caller authentication, GraphQL over
HTTP (`graphql_http`). Subgraphs serve no GraphiQL: people explore the API through the router's.

The composition root of each subgraph (`subgraphs/<name>/app.py`) builds its schema, engine and context getter and
hands them here; nothing happens at import time. `serve()` runs an app with uvicorn.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import uvicorn
from fastapi import FastAPI
from strawberry.schema import BaseSchema

from subgraphs.shared.graphql_http import graphql_route
from subgraphs.shared.health import health_router
from subgraphs.shared.middleware import BodyLimitMiddleware, CallerMiddleware
from subgraphs.shared.settings import ServiceSettings
from subgraphs.shared.tokens import TokenVerifier

GRAPHQL_PATH = "/graphql"


def create_subgraph_app(
    *,
    title: str,
    settings: ServiceSettings,
    schema: BaseSchema,
    context_getter: Callable[..., Awaitable[Any]],
    verifier: TokenVerifier,
    ready_probe: Callable[[], None],
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    """A FastAPI app serving `schema` at /graphql plus /health and /ready."""
    app = FastAPI(title=title, docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.include_router(health_router(ready_probe))
    app.router.routes.append(graphql_route(GRAPHQL_PATH, schema, context_getter))
    router_secret = settings.router_secret.get_secret_value() if settings.router_secret else None
    # Added last = outermost: the body limit runs before anything reads the body or verifies a token.
    app.add_middleware(
        CallerMiddleware,
        verifier=verifier,
        router_secret=router_secret,
        require_router_secret=settings.router_secret_required,
        paths=(GRAPHQL_PATH,),
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    return app


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """Run `app` with uvicorn on the configured host and port (blocks until stopped)."""
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", access_log=False)
