"""The real router app (router.server.app.create_app) served by uvicorn on a free port, and a fake subgraph that
counts and records every request it receives."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import uvicorn

from router.config import RouterSettings
from router.server.app import create_app
from router.server.pipeline import Planner
from router.supergraph.model import Supergraph
from tests.support.processes import free_port


@dataclass
class FakeSubgraph:
    """Answers every GraphQL POST with `answer` and records the requests (body and headers)."""

    answer: dict[str, Any] = field(default_factory=lambda: {"data": {"hello": "hi"}})
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"


@contextmanager
def fake_subgraph() -> Iterator[FakeSubgraph]:
    state = FakeSubgraph()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.requests.append({"body": json.loads(body or b"{}"), "headers": dict(self.headers.items())})
            data = json.dumps(state.answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def running_router(settings: RouterSettings, supergraph: Supergraph, planner: Planner | None = None) -> Iterator[str]:
    """Serve the router app; yields the GraphQL endpoint URL."""
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
    try:
        yield f"http://127.0.0.1:{port}{settings.listen.path}"
    finally:
        server.should_exit = True
        thread.join(10)
