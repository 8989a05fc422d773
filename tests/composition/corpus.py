"""The differential corpus: hand-written subgraph sets under corpus/<case>/, plus generated ones."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).with_name("corpus")
REPO_ROOT = Path(__file__).resolve().parents[2]
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


def product() -> list[dict[str, Any]]:
    """The product's own subgraphs, read live from their committed schema files (tests/product keeps those in step
    with the code): each alone, and together as supergraph.yaml composes them."""
    schemas = {name: (REPO_ROOT / "subgraphs" / name / "schema.graphql").read_text() for name in ("giftcard", "wallet")}
    cases = [{"id": f"product-{name}", "subgraphs": [subgraph(name, sdl)]} for name, sdl in schemas.items()]
    cases.append({"id": "product-giftcard-wallet", "subgraphs": [subgraph(n, sdl) for n, sdl in schemas.items()]})
    return cases


def generated(count: int, seed: int = 4) -> list[dict[str, Any]]:
    """Random federations: shared entities (sometimes with @requires, @provides, @override, @inaccessible, @tag),
    shareable value types, interfaces, unions, enums and inputs. Some break a rule on purpose (a non-shareable
    field resolved twice, enum values that differ, an unreachable value-type field), so errors are generated too."""
    rng = random.Random(seed)
    return [_generated_case(rng, index) for index in range(count)]


def _generated_case(rng: random.Random, index: int) -> dict[str, Any]:
    n_subgraphs = rng.randint(2, 4)
    n_entities = rng.randint(1, 5)
    minor = rng.choice([3, 5, 7, 8, 9])
    bodies: list[list[str]] = [[] for _ in range(n_subgraphs)]
    owners_of: dict[int, list[int]] = {}
    for e in range(n_entities):
        owners = rng.sample(range(n_subgraphs), rng.randint(1, n_subgraphs))
        owners_of[e] = owners
        for position, owner in enumerate(owners):
            description = f'"Entity {e}"\n' if rng.random() < 0.3 else ""
            tag = f' @tag(name: "t{e}")' if rng.random() < 0.2 else ""
            fields = ["  id: ID!"]
            kinds = ["String", "Int", "Color", "Boolean", "[String!]"]
            fields += [f"  f{e}_{owner}_{k}: {rng.choice(kinds)}" for k in range(rng.randint(1, 3))]
            fields[1] = f"  f{e}_{owner}_0: String"  # what other subgraphs @require
            shared = "String" if rng.random() < 0.95 else "Int"  # sometimes a FIELD_TYPE_MISMATCH
            if position == 0 or rng.random() < 0.7:
                fields.append(f"  shared: {shared} @shareable")
            elif rng.random() < 0.2:
                fields.append(f"  shared: {shared}")  # sometimes INVALID_FIELD_SHARING
            if position > 0 and rng.random() < 0.3:
                fields.append(f"  f{e}_{owners[0]}_0: String @external")
                fields.append(f'  needs{e}_{owner}: Int @requires(fields: "f{e}_{owners[0]}_0")')
            if position > 0 and rng.random() < 0.2:
                fields.append(f'  moved{e}: Int @override(from: "sub{owners[0]}")')
            if position == 0 and rng.random() < 0.3:
                fields.append(f"  moved{e}: Int")
            if rng.random() < 0.2:
                fields.append(f"  hidden{e}_{owner}: String @inaccessible")
            implements = " implements Node" if rng.random() < 0.3 else ""
            bodies[owner].append(
                f'{description}type Entity{e}{implements} @key(fields: "id"){tag} {{\n' + "\n".join(fields) + "\n}"
            )
    for sub in range(n_subgraphs):
        mine = [int(line.split()[1][6:]) for line in _type_lines(bodies[sub], "Entity")]
        if any("implements Node" in body for body in bodies[sub]):
            bodies[sub].append("interface Node {\n  id: ID!\n}")
        query = [f"  q{sub}_entity{e}(id: ID!, filter: Filter{sub}): Entity{e}" for e in mine] or [f"  ping{sub}: Int"]
        if rng.random() < 0.4:
            bodies[sub].append("type Money @shareable {\n  amount: Int!\n  currency: String!\n}")
            if rng.random() < 0.2:
                bodies[sub][-1] = bodies[sub][-1].replace("}", "  rate: Float\n}")  # maybe unsatisfiable
            query.append(f"  price{sub}: Money")
        if len(mine) >= 2 and rng.random() < 0.3:
            bodies[sub].append(f"union Result{sub} = " + " | ".join(f"Entity{e}" for e in mine))
            query.append(f"  search{sub}: [Result{sub}!]!")
        if mine and rng.random() < 0.2:
            e = mine[0]
            others = [o for o in owners_of[e] if o != sub]
            if others:
                bodies[sub].append(f'type Wrapper{sub} {{\n  item: Entity{e} @provides(fields: "shared")\n}}')
                query.append(f"  wrap{sub}: Wrapper{sub}")
                bodies[sub] = [
                    b.replace("  shared: String @shareable", "  shared: String @external")
                    if b.startswith(f"type Entity{e} ") or f"\ntype Entity{e} " in b
                    else b
                    for b in bodies[sub]
                ]
        bodies[sub].append("type Query {\n" + "\n".join(query) + "\n}")
        extra = "  BLUE\n" if rng.random() < 0.9 else ""  # sometimes an ENUM_VALUE_MISMATCH
        bodies[sub].append(f"enum Color {{\n  RED\n  GREEN\n{extra}}}")
        optional = f"  only{sub}: String\n" if rng.random() < 0.5 else ""
        bodies[sub].append(f"input Filter{sub} {{\n  limit: Int = 10\n  color: Color\n{optional}}}")
    subgraphs = []
    for sub in range(n_subgraphs):
        sdl = FED2.format(minor=minor).replace('"@tag"]', '"@tag", "@interfaceObject"]') + "\n\n".join(bodies[sub])
        subgraphs.append(subgraph(f"sub{sub}", sdl + "\n"))
    return {"id": f"generated-{index:03d}", "subgraphs": subgraphs}


def _type_lines(bodies: list[str], prefix: str) -> list[str]:
    lines = []
    for body in bodies:
        for line in body.splitlines():
            if line.startswith(f"type {prefix}"):
                lines.append(line)
    return lines
