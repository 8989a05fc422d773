"""Our router app served over real HTTP by uvicorn in a background thread, with an injected (stub) planner."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn

from router.config import RouterSettings
from router.server.app import create_app
from router.server.pipeline import Planner
from router.supergraph.model import Supergraph
from tests.support.processes import free_port


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
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("router did not start")
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    try:
        yield RunningRouter(base + settings.listen.path, base, app)
    finally:
        server.should_exit = True
        thread.join(10)
