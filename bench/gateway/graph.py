"""The benchmark graph: its subgraph SDLs, queries, expected answers, and the supergraph composed from them.

The SDLs are Federation 1 (`extend type`, no `@link`); our composer (`router compose`) upgrades them. The Guild's
composer is there as a fallback for gateways that refuse our supergraph (the run then says so).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(__file__).resolve().parent / "data"
SUBGRAPHS = ("accounts", "inventory", "products", "reviews")
GUILD_ORACLE = ROOT / "tests/composition/compose_oracle.mjs"


@dataclass(frozen=True)
class Query:
    """One benchmark operation: the request body every gateway gets and the response it must give."""

    name: str
    text: str
    expected: dict[str, Any]

    @property
    def body(self) -> str:
        return json.dumps({"query": self.text})


def load_queries() -> dict[str, Query]:
    """`standard` and `fanout`, with their expected responses."""
    return {
        name: Query(
            name,
            (DATA_DIR / f"{name}.graphql").read_text(encoding="utf-8"),
            json.loads((DATA_DIR / f"expected-{name}.json").read_text(encoding="utf-8")),
        )
        for name in ("standard", "fanout")
    }


_PRODUCT_FIELDS = ("upc", "name", "price", "weight")


def direct_query(query: Query) -> Query:
    """The baseline: the products subgraph's `topProducts` alone, with the arguments `query` gives it."""
    first = len(query.expected["data"]["topProducts"])
    text = f"{{ topProducts(first: {first}) {{ {' '.join(_PRODUCT_FIELDS)} }} }}"
    products = [{f: p[f] for f in _PRODUCT_FIELDS} for p in query.expected["data"]["topProducts"]]
    return Query(f"{query.name}-direct", text, {"data": {"topProducts": products}})


def supergraph_yaml(ports: dict[str, int]) -> str:
    """A rover-style supergraph.yaml for the four subgraphs listening on `ports`."""
    lines = ["federation_version: =2.9.0", "subgraphs:"]
    for name in SUBGRAPHS:
        lines += [
            f"  {name}:",
            f"    routing_url: http://127.0.0.1:{ports[name]}/graphql",
            f"    schema: {{file: {DATA_DIR / (name + '.graphql')}}}",
        ]
    return "\n".join(lines) + "\n"


def compose_ours(config: Path, output: Path) -> None:
    """`router compose --config supergraph.yaml -o FILE`; raises with the composer's errors when it refuses."""
    done = subprocess.run(
        [sys.executable, "-m", "router", "compose", "--config", str(config), "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"router compose failed ({done.returncode}):\n{done.stderr}")


def compose_guild(ports: dict[str, int], output: Path) -> None:
    """The Guild's composer (@theguild/federation-composition) on the same four SDLs."""
    case = {
        "id": "bench",
        "subgraphs": [
            {
                "name": name,
                "url": f"http://127.0.0.1:{ports[name]}/graphql",
                "sdl": (DATA_DIR / f"{name}.graphql").read_text(encoding="utf-8"),
            }
            for name in SUBGRAPHS
        ],
    }
    done = subprocess.run(
        ["node", str(GUILD_ORACLE)], input=json.dumps([case]), capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)[0]
    if "supergraph" not in result:
        raise RuntimeError(f"The Guild's composer refused the benchmark graph: {result['errors']}")
    output.write_text(result["supergraph"], encoding="utf-8")
