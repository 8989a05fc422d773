"""Regenerate the committed supergraph fixture: `python -m tests.conformance.supergraph.regenerate`.

Composes the test subgraphs' SDLs with The Guild's composer (node, tools/node) into `supergraph.graphql`. Subgraph
URLs are placeholders (`http://<name>.conformance.invalid/graphql`); the harness swaps in the real ports.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SUPERGRAPH = HERE / "supergraph.graphql"
SUBGRAPHS = ("accounts", "products", "inventory", "reviews", "media")


def placeholder_url(name: str) -> str:
    return f"http://{name}.conformance.invalid/graphql"


def subgraph_sdls() -> dict[str, str]:
    sdls: dict[str, str] = {}
    for name in SUBGRAPHS:
        module = importlib.import_module(f"tests.conformance.subgraphs.{name}")
        sdls[name] = str(module.SDL)
    return sdls


def compose() -> str:
    payload = [{"name": n, "url": placeholder_url(n), "sdl": sdl} for n, sdl in subgraph_sdls().items()]
    done = subprocess.run(
        ["node", str(HERE / "compose.mjs")], input=json.dumps(payload), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"composition failed:\n{done.stderr}")
    return done.stdout


def main() -> int:
    SUPERGRAPH.write_text(compose().rstrip("\n") + "\n")
    print(f"wrote {SUPERGRAPH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
