"""A subgraph that dies or hangs costs only its own part of an answer.

This module has its own processes (it kills one of its subgraphs and freezes another): a dead subgraph gives the same
`data` through our router as through Apollo Gateway, with coded errors; a frozen one (SIGSTOP) is cut off by the
router's subgraph timeout while the other subgraphs' data arrives, and the router recovers when it thaws.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.conformance import harness
from tests.support.federated_subgraph import Subgraphs
from tests.support.processes import ServerProcess

pytestmark = pytest.mark.node

TIMEOUT_SECONDS = 1.5


@dataclass
class Stack:
    subgraphs: Subgraphs
    gateway: ServerProcess
    router: ServerProcess


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if harness.router_available() is not None:
        pytest.xfail(str(harness.router_available()))
    if not harness.node_available():
        pytest.skip("node or tools/node/node_modules missing (run `make node`)")
    logs = tmp_path_factory.mktemp("subgraph-failures")
    subgraphs = harness.start_subgraphs(logs)
    started: list[ServerProcess] = []
    try:
        supergraph = harness.write_supergraph(subgraphs, logs / "supergraph.graphql")
        started.append(harness.start_gateway(supergraph, logs))
        started.append(
            harness.start_router(supergraph, logs, env={"ROUTER_TRAFFIC__TIMEOUT_SECONDS": str(TIMEOUT_SECONDS)})
        )
        yield Stack(subgraphs, started[0], started[1])
    finally:
        frozen = subgraphs.processes["media"].process
        if frozen is not None and frozen.poll() is None:
            os.killpg(frozen.pid, signal.SIGCONT)
        for process in started:
            process.stop()
        subgraphs.stop()


def _post(url: str, query: str) -> tuple[dict[str, Any], httpx.Response]:
    response = httpx.post(url + "/graphql", json={"query": query}, timeout=30)
    answer: dict[str, Any] = response.json()
    return answer, response


def _assert_coded_errors(answer: dict[str, Any], response: httpx.Response, subgraph: str) -> None:
    assert "Traceback" not in response.text
    errors = answer.get("errors") or []
    assert errors, answer
    assert any(subgraph in json.dumps(error) for error in errors), errors
    for error in errors:
        assert error.get("path") or (error.get("extensions") or {}).get("code"), error


DEAD_INVENTORY = [
    "{ topProducts(first: 3) { upc name inStock } }",
    "{ me { name } warehouses { id } }",
    "{ topProducts(first: 2) { upc shippingEstimate reviews { id } } }",
    '{ product(upc: "1") { name inStock } }',
    "{ me { name reviews { product { name shippingEstimate } } } }",
    "{ users { name favoriteProduct { name category } } }",
]


@pytest.mark.parametrize("query", DEAD_INVENTORY)
def test_dead_subgraph_same_data_as_gateway(stack: Stack, query: str) -> None:
    inventory = stack.subgraphs.processes["inventory"]
    inventory.kill()
    ours, response = _post(stack.router.url, query)
    theirs, _ = _post(stack.gateway.url, query)
    assert ours.get("data") == theirs.get("data"), (ours, theirs)
    _assert_coded_errors(ours, response, "inventory")


def test_frozen_subgraph_times_out_alone(stack: Stack) -> None:
    media = stack.subgraphs.processes["media"].process
    assert media is not None
    query = '{ me { name } mediaItem(id: "b1") { id title } topProducts(first: 1) { name reviewCount } }'
    os.killpg(media.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        ours, response = _post(stack.router.url, query)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(media.pid, signal.SIGCONT)
    assert elapsed < TIMEOUT_SECONDS + 5, elapsed
    assert ours.get("data") == {
        "me": {"name": "Uri Goldshtein"},
        "mediaItem": None,
        "topProducts": [{"name": "Table", "reviewCount": 4}],
    }
    _assert_coded_errors(ours, response, "media")
    # Thawed, the subgraph answers again through the same router.
    recovered, _ = _post(stack.router.url, query)
    assert recovered.get("data", {}).get("mediaItem") == {"id": "b1", "title": "Dune"}, recovered
    assert not recovered.get("errors"), recovered
