"""Interop: our supergraph is the one The Guild composes, gateways serve ours, and our router serves theirs.

The five conformance subgraphs (tests/conformance/subgraphs) are the workload; their committed supergraph was
composed by The Guild's composer. Queries come from the conformance corpus; answers are compared as JSON.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from router.composition import SubgraphSource, compose
from router.supergraph.api_schema import api_schema_sdl
from tests.conformance import harness
from tests.conformance.corpus import Operation, load_corpus
from tests.conformance.supergraph.regenerate import API_SCHEMA, SUPERGRAPH, placeholder_url, subgraph_sdls
from tests.support.processes import ServerProcess

from .normalize import normalise_sdl

# Read-only operations, every third of the handwritten ones (each feature is still covered; the conformance suite
# runs them all): the interop test stays fast on two cores.
QUERIES = [op for op in load_corpus() if op.name.startswith("handwritten/0") and "mutation" not in op.query.lower()][
    ::3
]


def _our_supergraph(urls: dict[str, str]) -> str:
    result = compose([SubgraphSource(name, urls[name], sdl) for name, sdl in subgraph_sdls().items()])
    assert result.supergraph_sdl is not None, [e.message for e in result.errors]
    return result.supergraph_sdl


def test_conformance_subgraphs_compose_to_the_guilds_supergraph() -> None:
    ours = _our_supergraph({name: placeholder_url(name) for name in subgraph_sdls()})
    assert normalise_sdl(ours) == normalise_sdl(SUPERGRAPH.read_text())
    assert normalise_sdl(api_schema_sdl(ours)) == normalise_sdl(API_SCHEMA.read_text())


def _ask(server: ServerProcess, operation: Operation) -> Any:
    response = httpx.post(server.url + "/graphql", json=operation.body(uuid.uuid4().hex), timeout=30)
    return response.json().get("data")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not harness.node_available():
        pytest.skip("node or tools/node/node_modules missing (run `make node`)")
    logs = tmp_path_factory.mktemp("interop-logs")
    subgraphs = harness.start_subgraphs(logs)
    started: list[ServerProcess] = []
    try:
        ours_path = logs / "ours.graphql"
        ours_path.write_text(_our_supergraph({name: subgraphs.url(name) for name in subgraphs.processes}))
        theirs_path = harness.write_supergraph(subgraphs, logs / "theirs.graphql")
        servers: dict[str, Any] = {"logs": logs}
        servers["apollo_ours"] = harness.start_gateway(ours_path, logs)
        started.append(servers["apollo_ours"])
        servers["apollo_theirs"] = harness.start_gateway(theirs_path, logs)
        started.append(servers["apollo_theirs"])
        servers["hive_ours"] = harness.start_hive_gateway(ours_path, logs)
        started.append(servers["hive_ours"])
        if harness.router_available() is None:
            servers["router_theirs"] = harness.start_router(theirs_path, logs)
            started.append(servers["router_theirs"])
            servers["router_ours"] = harness.start_router(ours_path, logs)
            started.append(servers["router_ours"])
        yield servers
    finally:
        for server in started:
            server.stop()
        subgraphs.stop()


@pytest.mark.node
def test_apollo_gateway_answers_the_same_on_our_supergraph(running: dict[str, Any]) -> None:
    assert len(QUERIES) >= 25
    for operation in QUERIES:
        assert _ask(running["apollo_ours"], operation) == _ask(running["apollo_theirs"], operation), operation.name


@pytest.mark.node
def test_hive_gateway_serves_our_supergraph(running: dict[str, Any]) -> None:
    answered = 0
    for operation in QUERIES[:12]:
        expected = _ask(running["apollo_theirs"], operation)
        assert _ask(running["hive_ours"], operation) == expected, operation.name
        answered += expected is not None
    assert answered >= 8


@pytest.mark.node
def test_our_router_serves_the_guilds_supergraph(running: dict[str, Any]) -> None:
    """Our router on The Guild's supergraph answers exactly as on ours (its answers against Apollo Gateway are the
    conformance suite's business)."""
    if "router_theirs" not in running:
        pytest.skip(harness.router_available() or "router not started")
    answered = 0
    for operation in QUERIES:
        expected = _ask(running["router_ours"], operation)
        assert _ask(running["router_theirs"], operation) == expected, operation.name
        answered += expected is not None
    assert answered >= len(QUERIES) // 2
