"""The conformance harness: start the test subgraphs, the gateway oracle and our router as real processes.

Everything listens on free ports. The committed supergraph names placeholder URLs; `write_supergraph` swaps in the
ports of this run's subgraphs, and both the oracle and our router serve that same file.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Mapping
from pathlib import Path

from tests.conformance.supergraph.regenerate import SUBGRAPHS, SUPERGRAPH, placeholder_url
from tests.support import federated_subgraph
from tests.support.federated_subgraph import Subgraphs
from tests.support.processes import REPO_ROOT, ServerProcess, free_port, python_module

NODE_MODULES = REPO_ROOT / "tools" / "node" / "node_modules"
APOLLO_GATEWAY_SCRIPT = Path(__file__).parent / "gateway" / "apollo_gateway.mjs"
# GET {__typename}: any answer below 500 means the server is up (used for gateways without a known health path).
GRAPHQL_READY = "/graphql?query=%7B__typename%7D"


def start_subgraphs(log_dir: Path) -> Subgraphs:
    """The conformance subgraphs, each a real process on a free port."""
    return federated_subgraph.start_subgraphs("tests.conformance.subgraphs", SUBGRAPHS, log_dir, log_prefix="subgraph-")


def write_supergraph(subgraphs: Subgraphs, path: Path) -> Path:
    """The committed supergraph with this run's subgraph URLs."""
    sdl = SUPERGRAPH.read_text()
    for name in SUBGRAPHS:
        sdl = sdl.replace(placeholder_url(name), subgraphs.url(name))
    path.write_text(sdl)
    return path


def node_available() -> bool:
    return shutil.which("node") is not None and (NODE_MODULES / "@apollo" / "gateway").exists()


def start_gateway(supergraph: Path, log_dir: Path) -> ServerProcess:
    """The oracle: Apollo Gateway serving the supergraph file at POST /graphql.

    Hive Gateway 2.15.1 starts on Node 20 too, but on this supergraph it answers entity errors with paths that lack
    list indices (["topProducts", "flakyRating"]) and fails @interfaceObject fields under a union member, so the
    differential test holds our router to Apollo Gateway, whose answers match the GraphQL spec on both.
    """
    port = free_port()
    return ServerProcess(
        ["node", str(APOLLO_GATEWAY_SCRIPT), "--supergraph", str(supergraph), "--port", str(port)],
        port,
        env={"NODE_NO_WARNINGS": "1"},
        log_path=log_dir / "gateway.log",
    ).start(timeout=60)


def start_hive_gateway(supergraph: Path, log_dir: Path) -> ServerProcess:
    """Hive Gateway serving the supergraph: a reference GraphQL-over-HTTP server for checking our audit tooling."""
    port = free_port()
    binary = str(NODE_MODULES / ".bin" / "hive-gateway")
    return ServerProcess(
        [binary, "supergraph", str(supergraph), "--host", "127.0.0.1", "--port", str(port)],
        port,
        env={"NODE_NO_WARNINGS": "1"},
        ready_path="/healthcheck",
        log_path=log_dir / "hive-gateway.log",
    ).start(timeout=60)


def router_available() -> str | None:
    """None when `router serve` exists, else why not (the runtime helper has not landed it yet)."""
    try:
        if importlib.util.find_spec("router.server.command") is None:
            return "router.server.command does not exist yet (runtime not landed)"
    except ModuleNotFoundError:
        return "router.server does not exist yet (runtime not landed)"
    return None


def start_router(supergraph: Path, log_dir: Path, env: Mapping[str, str] | None = None) -> ServerProcess:
    """Our router: `python -m router serve --supergraph FILE --port N` (`env`: ROUTER_* settings)."""
    port = free_port()
    return ServerProcess(
        python_module(
            "router", "serve", "--supergraph", str(supergraph), "--host", "127.0.0.1", "--port", str(port), "--dev"
        ),
        port,
        env=dict(env or {}),
        ready_path=GRAPHQL_READY,
        log_path=log_dir / "router.log",
    ).start(timeout=60)
