"""Fixtures of the router runtime tests: the two test subgraphs as real processes, and the supergraph naming them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from router.supergraph.model import Supergraph, load_supergraph
from tests.support import federated_subgraph
from tests.support.federated_subgraph import Subgraphs, start_subgraphs
from tests.support.processes import ServerProcess

SUPERGRAPH_FILE = Path(__file__).parent / "subgraphs" / "supergraph.graphql"
PACKAGE = "tests.router.subgraphs"
NAMES = ("accounts", "reviews")


def start_subgraph(name: str, log_dir: Path) -> ServerProcess:
    return federated_subgraph.start_subgraph(f"{PACKAGE}.{name}", log_dir / f"{name}.log")


@pytest.fixture(scope="session")
def router_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("router-logs")


@pytest.fixture(scope="session")
def subgraphs(router_logs: Path) -> Iterator[Subgraphs]:
    started = start_subgraphs(PACKAGE, NAMES, router_logs)
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="session")
def supergraph(subgraphs: Subgraphs) -> Supergraph:
    return load_supergraph(SUPERGRAPH_FILE.read_text()).with_urls({n: subgraphs.url(n) for n in NAMES})


@pytest.fixture
def clean(subgraphs: Subgraphs) -> Subgraphs:
    """The subgraphs with their request logs cleared."""
    subgraphs.reset()
    return subgraphs
