"""Our router app served over real HTTP by uvicorn in a background thread, with an injected (stub) planner."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from router.config import RouterSettings
from router.server.app import create_app
from router.server.pipeline import Planner
from router.supergraph.model import Supergraph
from tests.support.thread_servers import serving_asgi


@dataclass
class RunningRouter:
    url: str  # the GraphQL endpoint
    base: str
    app: Any


@contextmanager
def running_router(
    settings: RouterSettings, supergraph: Supergraph | None = None, planner: Planner | None = None
) -> Iterator[RunningRouter]:
    app = create_app(settings, supergraph=supergraph, planner=planner)
    with serving_asgi(app) as base:
        yield RunningRouter(base + settings.listen.path, base, app)
