"""The gateways a run compares, each started on the core under measurement with production-like settings.

- ours: `python -m router serve --config router.yaml` (environment production, no key source, one uvicorn process,
  access log off, log level warning). Requests are anonymous: the benchmark graph has no auth directives.
- apollo: Apollo Gateway 2.14.4 with its defaults behind apollo_gateway.mjs.
- hive: Hive Gateway 2.15.1 CLI (`hive-gateway supergraph FILE`), default configuration, one process (`--fork 1`).
- direct: a second products subgraph on the measured core, asked `topProducts` alone (the floor of one hop).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.gateway.graph import DATA_DIR, ROOT
from bench.gateway.servers import Server, free_port, pinned

NODE_DIR = ROOT / "tools/node"
HERE = Path(__file__).resolve().parent
NODE_ENV = {"NODE_ENV": "production"}


@dataclass(frozen=True)
class Gateway:
    """How to start one gateway; `direct` gateways are asked the direct query instead of the federated one."""

    name: str
    label: str
    start: Callable[[Path, Path, int | None], Server]  # (supergraph file, work dir, core) -> started server
    direct: bool = False


def router_config(supergraph: Path, port: int, workdir: Path) -> Path:
    """router.yaml for a production-like router: no dev mode, no hot-reload polling, no introspection."""
    config = {
        "environment": "production",
        "supergraph": {"file": str(supergraph), "poll_interval_seconds": 0},
        "listen": {"host": "127.0.0.1", "port": port},
    }
    path = workdir / "router.yaml"
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")  # JSON is YAML
    return path


def router_args(supergraph: Path, port: int, workdir: Path) -> list[str]:
    config = router_config(supergraph, port, workdir)
    return [sys.executable, "-m", "router", "serve", "--config", str(config), "--log-level", "warning"]


def _ours(supergraph: Path, workdir: Path, core: int | None) -> Server:
    port = free_port()
    args = pinned(core, router_args(supergraph, port, workdir))
    return Server("ours", args, port, workdir / "ours.log").start()


def _apollo(supergraph: Path, workdir: Path, core: int | None) -> Server:
    port = free_port()
    script = HERE / "apollo_gateway.mjs"
    args = pinned(core, ["node", str(script), "--supergraph", str(supergraph), "--port", str(port)])
    return Server("apollo", args, port, workdir / "apollo.log", env=NODE_ENV).start()


def _hive(supergraph: Path, workdir: Path, core: int | None) -> Server:
    port = free_port()
    cli = NODE_DIR / "node_modules/.bin/hive-gateway"
    args = [str(cli), "supergraph", str(supergraph), "--host", "127.0.0.1", "--port", str(port), "--fork", "1"]
    # cwd = an empty work dir: Hive Gateway looks for gateway.config.* there, and must find none (default config).
    return Server(
        "hive", pinned(core, args), port, workdir / "hive.log", cwd=workdir, env=NODE_ENV, ready_path="/healthcheck"
    ).start()


def subgraphs_args(ports: dict[str, int]) -> list[str]:
    args = ["node", str(HERE / "subgraphs.mjs"), "--data", str(DATA_DIR)]
    for name, port in ports.items():
        args += ["--port", f"{name}={port}"]
    return args


def _direct(supergraph: Path, workdir: Path, core: int | None) -> Server:
    port = free_port()
    args = pinned(core, subgraphs_args({"products": port}))
    return Server("direct", args, port, workdir / "direct.log", env=NODE_ENV).start()


GATEWAYS: dict[str, Gateway] = {
    "ours": Gateway("ours", "our router (Python, 1 process)", _ours),
    "apollo": Gateway("apollo", "Apollo Gateway 2.14.4", _apollo),
    "hive": Gateway("hive", "Hive Gateway 2.15.1 (default config)", _hive),
    "direct": Gateway("direct", "direct products subgraph call", _direct, direct=True),
}
