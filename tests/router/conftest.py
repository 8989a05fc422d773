"""Fixtures of the router runtime tests: the two test subgraphs as real processes, and the supergraph naming them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from router.supergraph.model import Supergraph, load_supergraph
from tests.support.processes import ServerProcess, free_port, python_module

SUPERGRAPH_FILE = Path(__file__).parent / "subgraphs" / "supergraph.graphql"
NAMES = ("accounts", "reviews")


@dataclass
class Subgraphs:
    """The running test subgraphs by name."""

    processes: dict[str, ServerProcess]

    def url(self, name: str) -> str:
        return self.processes[name].url + "/graphql"

    def stats(self, name: str) -> dict[str, Any]:
        answer: dict[str, Any] = httpx.get(self.processes[name].url + "/stats", timeout=5).json()
        return answer

    def requests(self, name: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.stats(name)["requests"]
        return found

    def total(self) -> int:
        return sum(int(self.stats(name)["count"]) for name in self.processes if self.alive(name))

    def alive(self, name: str) -> bool:
        process = self.processes[name].process
        return process is not None and process.poll() is None

    def reset(self) -> None:
        for name in self.processes:
            if self.alive(name):
                httpx.post(self.processes[name].url + "/reset", timeout=5)


def start_subgraph(name: str, log_dir: Path) -> ServerProcess:
    port = free_port()
    return ServerProcess(
        python_module(f"tests.router.subgraphs.{name}", "--port", str(port)),
        port,
        log_path=log_dir / f"{name}.log",
    ).start()


@pytest.fixture(scope="session")
def router_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("router-logs")


@pytest.fixture(scope="session")
def subgraphs(router_logs: Path) -> Iterator[Subgraphs]:
    processes: dict[str, ServerProcess] = {}
    try:
        for name in NAMES:
            processes[name] = start_subgraph(name, router_logs)
        yield Subgraphs(processes)
    finally:
        for process in processes.values():
            process.stop()


@pytest.fixture(scope="session")
def supergraph(subgraphs: Subgraphs) -> Supergraph:
    return load_supergraph(SUPERGRAPH_FILE.read_text()).with_urls({n: subgraphs.url(n) for n in NAMES})


@pytest.fixture
def clean(subgraphs: Subgraphs) -> Subgraphs:
    """The subgraphs with their request logs cleared."""
    subgraphs.reset()
    return subgraphs
