"""Regenerate the committed supergraph fixture: `python -m tests.conformance.supergraph.regenerate`.

Composes the test subgraphs' SDLs with The Guild's composer (node, tools/node) into `supergraph.graphql`, and
writes the composer's API schema to `api.graphql` (the corpus generator walks it). Subgraph
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
API_SCHEMA = HERE / "api.graphql"
SUBGRAPHS = ("accounts", "products", "inventory", "reviews", "media", "pricing")


def placeholder_url(name: str) -> str:
    return f"http://{name}.conformance.invalid/graphql"


def subgraph_sdls() -> dict[str, str]:
    sdls: dict[str, str] = {}
    for name in SUBGRAPHS:
        module = importlib.import_module(f"tests.conformance.subgraphs.{name}")
        sdls[name] = str(module.SDL)
    return sdls


def compose() -> dict[str, str]:
    """{"supergraph": SDL, "api": SDL} from the composer."""
    payload = [{"name": n, "url": placeholder_url(n), "sdl": sdl} for n, sdl in subgraph_sdls().items()]
    done = subprocess.run(
        ["node", str(HERE / "compose.mjs")], input=json.dumps(payload), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"composition failed:\n{done.stderr}")
    composed: dict[str, str] = json.loads(done.stdout)
    return composed


def main() -> int:
    composed = compose()
    SUPERGRAPH.write_text(composed["supergraph"].rstrip("\n") + "\n")
    API_SCHEMA.write_text(composed["api"].rstrip("\n") + "\n")
    print(f"wrote {SUPERGRAPH} and {API_SCHEMA}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
