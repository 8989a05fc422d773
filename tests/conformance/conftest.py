"""Session fixtures of the conformance suites: the test subgraphs, the gateway oracle and our router, all real
processes on free ports, started once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conformance import harness
from tests.support.federated_subgraph import Subgraphs
from tests.support.processes import ServerProcess


@pytest.fixture(scope="session")
def conformance_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where every process of the session logs (printed in failure messages)."""
    return tmp_path_factory.mktemp("conformance-logs")


@pytest.fixture(scope="session")
def subgraphs(conformance_logs: Path) -> Iterator[Subgraphs]:
    started = harness.start_subgraphs(conformance_logs)
    yield started
    started.stop()


@pytest.fixture(scope="session")
def supergraph_file(subgraphs: Subgraphs, conformance_logs: Path) -> Path:
    return harness.write_supergraph(subgraphs, conformance_logs / "supergraph.graphql")


def _require_node() -> None:
    if not harness.node_available():
        if os.environ.get("CI") or os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("node and tools/node/node_modules are required in CI (make node)")
        pytest.skip("node or tools/node/node_modules missing (run `make node`)")


@pytest.fixture(scope="session")
def gateway(supergraph_file: Path, conformance_logs: Path) -> Iterator[ServerProcess]:
    _require_node()
    process = harness.start_gateway(supergraph_file, conformance_logs)
    yield process
    process.stop()


@pytest.fixture(scope="session")
def router(supergraph_file: Path, conformance_logs: Path) -> Iterator[ServerProcess]:
    missing = harness.router_available()
    if missing is not None:
        pytest.xfail(missing)
    process = harness.start_router(supergraph_file, conformance_logs)
    yield process
    process.stop()


@pytest.fixture(scope="session")
def node_required() -> None:
    _require_node()
