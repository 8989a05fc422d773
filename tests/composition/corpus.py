"""The differential corpus: hand-written subgraph sets under corpus/<case>/, plus generated ones."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).with_name("corpus")
FED2 = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.{minor}", import: ["@key", "@shareable", '
    '"@external", "@requires", "@provides", "@override", "@inaccessible", "@tag"])\n'
)


def subgraph(name: str, sdl: str) -> dict[str, str]:
    return {"name": name, "url": f"http://{name}.example/graphql", "sdl": sdl}


def hand_written() -> list[dict[str, Any]]:
    cases = []
    for case in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        subgraphs = [subgraph(f.stem, f.read_text()) for f in sorted(case.glob("*.graphql"))]
        cases.append({"id": case.name, "subgraphs": subgraphs})
    return cases


def generated(count: int, seed: int = 4) -> list[dict[str, Any]]:
    """Random but valid-looking federations: entities shared by key, value types, enums, inputs, interfaces."""
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        n_subgraphs = rng.randint(2, 4)
        n_entities = rng.randint(1, 5)
        minor = rng.choice([0, 3, 5, 7, 8, 9])
        bodies: list[list[str]] = [[] for _ in range(n_subgraphs)]
        for e in range(n_entities):
            owners = rng.sample(range(n_subgraphs), rng.randint(1, n_subgraphs))
            for position, owner in enumerate(owners):
                fields = ["  id: ID!"]
                fields += [
                    f"  f{e}_{owner}_{k}: {rng.choice(['String', 'Int', 'Color', 'Boolean'])}"
                    for k in range(rng.randint(1, 3))
                ]
                if position == 0 or rng.random() < 0.5:
                    fields.append("  shared: String @shareable")
                if rng.random() < 0.3 and e > 0:
                    fields.append(f"  link{e}: Entity{e - 1}")
                bodies[owner].append(f'type Entity{e} @key(fields: "id") {{\n' + "\n".join(fields) + "\n}")
        for sub in range(n_subgraphs):
            names = [line.split()[1] for line in bodies[sub] if line.startswith("type Entity")]
            query = [f"  q{sub}_{n.lower()}(id: ID!, filter: Filter{sub}): {n}" for n in names] or [f"  ping{sub}: Int"]
            bodies[sub].append("type Query {\n" + "\n".join(query) + "\n}")
            bodies[sub].append("enum Color {\n  RED\n  GREEN\n" + ("  BLUE\n" if rng.random() < 0.5 else "") + "}")
            bodies[sub].append(f"input Filter{sub} {{\n  limit: Int = 10\n  color: Color\n}}")
        # drop dangling references to entities a subgraph does not define
        subgraphs = []
        for sub in range(n_subgraphs):
            sdl = "\n\n".join(bodies[sub])
            defined = {line.split()[1] for line in bodies[sub] if line.startswith("type Entity")}
            lines = [
                line
                for line in sdl.splitlines()
                if not (line.strip().startswith("link") and line.split(": ")[1] not in defined)
            ]
            subgraphs.append(subgraph(f"sub{sub}", FED2.format(minor=minor) + "\n".join(lines) + "\n"))
        cases.append({"id": f"generated-{index:03d}", "subgraphs": subgraphs})
    return cases
