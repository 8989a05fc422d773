"""The supergraph pulled from the schema registry (a real registry process): at start, and again when it changes."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx

from registry.client import RegistryClient
from tests.router.subgraphs import accounts, reviews
from tests.support.federated_subgraph import Subgraphs
from tests.support.processes import ServerProcess, free_port, python_module

TOKEN = "registry-write-token-for-the-router-tests-0123456789"


def ask(router: ServerProcess, query: str) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.post(router.url + "/graphql", json={"query": query}, timeout=10).json()
    return answer


def test_router_follows_the_registry(subgraphs: Subgraphs, tmp_path: Path) -> None:
    registry_port = free_port()
    registry = ServerProcess(
        python_module("registry", "serve", "--migrate", "--port", str(registry_port)),
        registry_port,
        env={
            "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'registry.db'}",
            "REGISTRY_API_TOKEN": TOKEN,
            "REGISTRY_DEV_DIR": str(tmp_path / "dev"),
        },
        log_path=tmp_path / "registry.log",
    ).start()
    client = RegistryClient(registry.url, TOKEN)
    router: ServerProcess | None = None
    try:
        for name, sdl in (("accounts", accounts.SDL), ("reviews", reviews.SDL)):
            reply = client.publish("shop", "main", {"name": name, "url": subgraphs.url(name), "sdl": sdl})
            assert reply.status == 200, reply.body
        router_port = free_port()
        router = ServerProcess(
            python_module(
                "router", "serve", "--registry", registry.url, "--graph", "shop@main", "--port", str(router_port)
            ),
            router_port,
            env={"ROUTER_SUPERGRAPH__REGISTRY__TOKEN": TOKEN, "ROUTER_SUPERGRAPH__POLL_INTERVAL_SECONDS": "0.2"},
            log_path=tmp_path / "router.log",
        ).start()
        assert ask(router, "{ me { name reviews { body } } }")["data"]["me"]["reviews"][0] == {"body": "Review 1"}

        # A new launch (reviews moved to a dead port) reaches the router without a restart.
        reply = client.publish(
            "shop", "main", {"name": "reviews", "url": "http://127.0.0.1:9/graphql", "sdl": reviews.SDL}
        )
        assert reply.status == 200, reply.body
        deadline = time.monotonic() + 15
        while "errors" not in ask(router, "{ me { reviews { body } } }"):
            assert time.monotonic() < deadline, "the router never picked up the new launch"
            time.sleep(0.2)
        assert (
            ask(router, "{ me { reviews { body } } }")["errors"][0]["extensions"]["code"] == "SUBGRAPH_REQUEST_FAILED"
        )
    finally:
        client.close()
        if router is not None:
            router.stop()
        registry.stop()
