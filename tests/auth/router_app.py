"""The real router app (router.server.app.create_app) served by uvicorn on a free port, and a fake subgraph that
counts and records every request it receives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from router.config import RouterSettings
from router.server.app import create_app
from router.server.pipeline import Planner
from router.supergraph.model import Supergraph
from tests.support.thread_servers import JsonHandler, serving, serving_asgi


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

    class Handler(JsonHandler):
        def do_POST(self) -> None:
            body = self.read_body()
            state.requests.append({"body": json.loads(body or b"{}"), "headers": dict(self.headers.items())})
            self.send_json(200, state.answer)

    with serving(Handler) as port:
        state.port = port
        yield state


@contextmanager
def running_router(settings: RouterSettings, supergraph: Supergraph, planner: Planner | None = None) -> Iterator[str]:
    """Serve the router app; yields the GraphQL endpoint URL."""
    app = create_app(settings, supergraph=supergraph, planner=planner)
    with serving_asgi(app) as base:
        yield base + settings.listen.path
