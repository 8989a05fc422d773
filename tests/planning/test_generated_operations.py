"""Property: for generated operations (hypothesis-graphql, from each feature's API schema), the planner never
crashes, every fetch is valid for its subgraph, and every field the client asks for is fetched by some fetch."""

from __future__ import annotations

import os

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLAbstractType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    parse,
    validate,
    visit,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, queries

from router.planning.plan import Condition, Fetch, Flatten, Parallel, PlanNode, Sequence
from router.planning.planner import build_plan
from tests.planning.plans import supergraph
from tests.planning.subgraphs import subgraph_schema
from tests.planning.test_fetches_are_valid import _fetches

FEATURES = [
    "entities",
    "requires",
    "requires_chain",
    "provides",
    "shareable",
    "abstract",
    "abstract_entities",
    "interface_object",
    "override",
    "multi_hop",
]


def fetch_path(node: PlanNode | None, fetch: Fetch, at: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Where `fetch` merges its answers (its enclosing Flatten's path)."""
    found = _find(node, fetch, at)
    assert found is not None
    return found


def _find(node: PlanNode | None, fetch: Fetch, at: tuple[str, ...]) -> tuple[str, ...] | None:
    if node is None:
        return None
    if node is fetch:
        return at
    if isinstance(node, Flatten):
        return _find(node.node, fetch, node.path)
    if isinstance(node, Condition):
        return _find(node.if_clause, fetch, at) or _find(node.else_clause, fetch, at)
    if isinstance(node, Sequence | Parallel):
        for child in node.nodes:
            found = _find(child, fetch, at)
            if found is not None:
                return found
    return None


def _fields(
    schema: GraphQLSchema, document: DocumentNode, prefix: tuple[str, ...] = ()
) -> set[tuple[tuple[str, ...], str, str]]:
    """(response path of the object, its type, field name) of every field the document selects; an entity fetch's
    `_entities` stands for the objects at `prefix`."""
    found: set[tuple[tuple[str, ...], str, str]] = set()
    info = TypeInfo(schema)
    path: list[tuple[str, ...]] = [prefix]

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            parent = info.get_parent_type()
            field_type = info.get_type()
            if node.name.value == "_entities":
                path.append(prefix)
                return
            if parent is not None:
                found.add((path[-1], get_named_type(parent).name, node.name.value))
            depth = 0
            while isinstance(field_type, GraphQLList | GraphQLNonNull):
                depth += isinstance(field_type, GraphQLList)
                field_type = field_type.of_type
            key = node.alias.value if node.alias else node.name.value
            path.append((*path[-1], key, *("@",) * depth))

        def leave_field(self, *_: object) -> None:
            path.pop()

    visit(document, TypeInfoVisitor(info, Collect()))
    return found


def _is_object(schema: GraphQLSchema, type_name: str) -> bool:
    return not isinstance(schema.get_type(type_name), GraphQLAbstractType)


def _covered(
    schema: GraphQLSchema, wanted: tuple[tuple[str, ...], str, str], fetched: set[tuple[tuple[str, ...], str, str]]
) -> bool:
    where, type_name, field = wanted
    named = schema.get_type(type_name)
    related = {type_name}
    related |= {i.name for i in getattr(named, "interfaces", ())}
    if named is not None and hasattr(named, "fields") and not hasattr(named, "is_type_of"):
        related |= {t.name for t in schema.get_possible_types(named)}  # type: ignore[arg-type]
    return any((where, name, field) in fetched for name in related)


@st.composite
def _cases(draw: st.DrawFn) -> tuple[str, str]:
    feature = draw(st.sampled_from(FEATURES))
    schema = supergraph(feature).api_schema
    strategy = mutations if schema.mutation_type is not None and draw(st.booleans()) else queries
    query = draw(strategy(schema, allow_x00=False, allow_null=False))
    return feature, str(query)


@settings(
    max_examples=int(os.environ.get("PLANNER_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_cases())
def test_generated_operations_are_planned_completely(case: tuple[str, str]) -> None:
    feature, query = case
    schema = supergraph(feature)
    document = parse(query)
    assert not validate(schema.api_schema, document)
    plan = build_plan(schema, document, None)
    fetched: set[tuple[tuple[str, ...], str, str]] = set()
    returnable: set[tuple[tuple[str, ...], str]] = set()  # (path, object type) some fetch can return there
    for fetch in _fetches(plan.node):
        subgraph = subgraph_schema(feature, fetch.service)
        operation = parse(fetch.operation)
        assert not validate(subgraph, operation), (query, fetch.service, fetch.operation)
        selected = _fields(subgraph, operation, fetch_path(plan.node, fetch))
        fetched |= selected
        for where, type_name, _ in selected:
            named = subgraph.get_type(type_name)
            objects = subgraph.get_possible_types(named) if isinstance(named, GraphQLAbstractType) else [named]
            returnable |= {(where, o.name) for o in objects if o is not None}
    for wanted in _fields(schema.api_schema, document):
        if not _is_object(schema.schema, wanted[1]) or (wanted[0], wanted[1]) not in returnable:
            continue  # fields on interfaces are checked on objects; objects no subgraph returns there are skipped
        assert _covered(schema.schema, wanted, fetched), (query, wanted, [f.operation for f in _fetches(plan.node)])
