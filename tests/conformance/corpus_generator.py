"""Generate the differential corpus's `generated/` part from the API schema with a fixed seed.

`python -m tests.conformance.corpus_generator` rewrites corpus/generated/; a test checks the committed files are what
this generator produces. Operations are random walks over the API schema (root fields, arguments from a table of
values that exist or deliberately do not, nested selections, inline fragments on abstract types, aliases,
variables), each one validated with graphql-core before it is kept.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    get_named_type,
    is_leaf_type,
    parse,
    print_ast,
    validate,
)
from graphql.type import GraphQLInputType, GraphQLOutputType

from tests.conformance.corpus import CORPUS_DIR, Operation, format_operation
from tests.conformance.supergraph.regenerate import API_SCHEMA

SEED = 20261125
COUNT = 70
MAX_DEPTH = 4
GENERATED_DIR = CORPUS_DIR / "generated"

# Argument values by "Type.field.argument": existing ids plus ones that do not exist (null answers matter too).
ARGUMENT_VALUES: dict[str, list[Any]] = {
    "Query.user.id": ["1", "2", "3", "4", "5", "6", "99"],
    "Query.userByUsername.username": ["urigo", "dotansimha", "laurin", "nobody"],
    "Query.product.upc": ["1", "2", "3", "5", "8", "9", "404"],
    "Query.topProducts.first": [0, 1, 2, 3, 5, 9],
    "Query.mediaItem.id": ["b1", "b2", "b3", "m1", "m2", "m3", "zz"],
    "Query.review.id": ["1", "4", "7", "11", "m1", "m4", "none"],
    "Query.latestReviews.first": [1, 3, 6, 16],
}


def _type_ref(graphql_type: GraphQLInputType) -> str:
    if isinstance(graphql_type, GraphQLNonNull):
        return _type_ref(graphql_type.of_type) + "!"
    if isinstance(graphql_type, GraphQLList):
        return "[" + _type_ref(graphql_type.of_type) + "]"
    return graphql_type.name


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value + '"'
    return str(value)


class _Generator:
    def __init__(self, schema: GraphQLSchema, rng: random.Random) -> None:
        self.schema = schema
        self.rng = rng
        self.variables: dict[str, Any] = {}
        self.definitions: list[str] = []

    def argument_value(self, key: str, arg_type: GraphQLInputType) -> Any:
        if key in ARGUMENT_VALUES:
            return self.rng.choice(ARGUMENT_VALUES[key])
        named = get_named_type(arg_type)
        if isinstance(named, GraphQLEnumType):
            return self.rng.choice(list(named.values))
        if isinstance(named, GraphQLInputObjectType):
            raise ValueError("input objects are covered by the handwritten corpus")
        return {"Int": self.rng.randint(1, 3), "Boolean": self.rng.random() < 0.5}.get(named.name, "1")

    def arguments(self, path: str, field: GraphQLField) -> str:
        parts: list[str] = []
        for name, arg in field.args.items():
            arg_obj: GraphQLArgument = arg
            required = isinstance(arg_obj.type, GraphQLNonNull) and arg_obj.default_value is None
            if not required and self.rng.random() < 0.5:
                continue
            value = self.argument_value(f"{path}.{name}", arg_obj.type)
            if self.rng.random() < 0.3:
                variable = f"v{len(self.variables)}"
                self.variables[variable] = value
                self.definitions.append(f"${variable}: {_type_ref(arg_obj.type)}")
                parts.append(f"{name}: ${variable}")
            else:
                named = get_named_type(arg_obj.type)
                parts.append(f"{name}: {value if isinstance(named, GraphQLEnumType) else _literal(value)}")
        return "(" + ", ".join(parts) + ")" if parts else ""

    def field(self, parent: str, name: str, field: GraphQLField, depth: int, alias_ok: bool) -> str:
        alias = f"{name}_{self.rng.randint(1, 9)}: " if alias_ok and self.rng.random() < 0.15 else ""
        text = alias + name + self.arguments(f"{parent}.{name}", field)
        output: GraphQLOutputType = field.type
        if is_leaf_type(get_named_type(output)):
            return text
        return text + " " + self.selection(get_named_type(output), depth + 1)

    def selection(self, graphql_type: Any, depth: int) -> str:
        items: list[str] = []
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            fields = dict(graphql_type.fields)
            if depth >= MAX_DEPTH:
                fields = {n: f for n, f in fields.items() if is_leaf_type(get_named_type(f.type))}
            picked = self.rng.sample(sorted(fields), k=min(len(fields), self.rng.randint(1, 4)))
            items += [self.field(graphql_type.name, n, fields[n], depth, alias_ok=True) for n in picked]
        if isinstance(graphql_type, GraphQLInterfaceType | GraphQLUnionType):
            possible = sorted(t.name for t in self.schema.get_possible_types(graphql_type))
            if self.rng.random() < 0.6 or not items:
                items.append("__typename")
            for type_name in self.rng.sample(possible, k=self.rng.randint(1, len(possible))):
                concrete = self.schema.get_type(type_name)
                items.append(f"... on {type_name} " + self.selection(concrete, depth))
        elif self.rng.random() < 0.1:
            items.append("__typename")
        return "{ " + " ".join(items) + " }"

    def operation(self) -> str:
        query = self.schema.query_type
        assert query is not None
        roots = sorted(n for n in query.fields if not n.startswith("__"))
        picked = self.rng.sample(roots, k=self.rng.choice([1, 1, 1, 2, 2, 3]))
        body = " ".join(self.field("Query", n, query.fields[n], 1, alias_ok=False) for n in picked)
        head = "query Generated" + ("(" + ", ".join(self.definitions) + ")" if self.definitions else "")
        return head + " { " + body + " }"


def generate(schema: GraphQLSchema, count: int = COUNT, seed: int = SEED) -> list[Operation]:
    """`count` valid, distinct operations, the same ones for the same schema and seed."""
    rng = random.Random(seed)
    operations: list[Operation] = []
    seen: set[str] = set()
    attempts = 0
    while len(operations) < count:
        attempts += 1
        if attempts > count * 50:
            raise RuntimeError("the generator keeps producing invalid operations")
        generator = _Generator(schema, rng)
        try:
            text = generator.operation()
        except ValueError:
            continue
        document = parse(text)
        if validate(schema, document) or text in seen:
            continue
        seen.add(text)
        operations.append(
            Operation(f"generated/gen_{len(operations) + 1:03d}", print_ast(document), generator.variables or None)
        )
    return operations


def api_schema() -> GraphQLSchema:
    return build_schema(API_SCHEMA.read_text())


def write(operations: list[Operation], directory: Path = GENERATED_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.graphql"):
        old.unlink()
    for operation in operations:
        (directory / (operation.name.split("/")[-1] + ".graphql")).write_text(format_operation(operation))


def main(emit: Callable[[str], object] = print) -> int:
    operations = generate(api_schema())
    write(operations)
    emit(f"wrote {len(operations)} operations to {GENERATED_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
