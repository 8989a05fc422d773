"""Generated operations (hypothesis-graphql, then aliases and named/inline fragments added at random) must never
reach a field the caller may not see, through aliases, fragments, interfaces, unions or entity jumps.

The oracle is independent of the directive reader: `ALLOWED` below is written by hand from fixture/*.graphql. The
filtered operation is executed with graphql-core against the API schema, with resolvers that return one object of
every possible type in each list, and every resolved `Type.field` is checked against the oracle.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    execute,
    get_named_type,
    is_abstract_type,
    print_ast,
    validate,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from router.auth.authorization import authorize
from router.auth.claims import Claims
from tests.auth.supergraphs import config, fixture, unpropagated

Check = Callable[[Claims | None], bool]


def authenticated(c: Claims | None) -> bool:
    return c is not None


def scopes(*groups: set[str]) -> Check:
    return lambda c: c is not None and any(g <= c.scopes for g in groups)


def roles(*groups: set[str]) -> Check:
    def check(c: Claims | None) -> bool:
        held = c.raw.get("roles", []) if c is not None else []
        held = set(held.split() if isinstance(held, str) else held)
        return c is not None and any(g <= held for g in groups)

    return check


def billing_dept(c: Claims | None) -> bool:
    return c is not None and c.raw.get("org", {}).get("dept") == "billing"


# Hand-written from tests/auth/fixture/*.graphql: what a resolved `Type` or `Type.field` requires.
ALLOWED: dict[str, Check] = {
    "Query.me": authenticated,
    "Query.user": scopes({"users:read"}, {"staff"}),
    "Query.audit": authenticated,  # AuditLog is @authenticated
    "AuditLog": authenticated,
    "Mutation.rename": authenticated,
    "Mutation.deleteUser": scopes({"users:write", "users:delete"}),
    "User.email": scopes({"email:read"}),
    "User.notes": roles({"staff"}),
    "User.risk": roles({"staff", "auditor"}, {"admin"}),
    "User.tier": scopes({"tiers:read"}),  # enum Tier
    "User.taxNumber": authenticated,  # scalar TaxNumber
    "User.balance": scopes({"billing:read"}, {"staff"}),
    "User.invoices": authenticated,
    "Secret": scopes({"secrets:read"}),
    "Post.label": authenticated,
    "Invoice.amount": billing_dept,
}

CALLERS: list[Claims | None] = [
    None,
    Claims("u"),
    Claims("u", frozenset({"email:read", "tiers:read"})),
    Claims("u", frozenset({"secrets:read"})),
    Claims("s", frozenset({"staff"}), raw={"roles": ["staff"]}),
    Claims("s", frozenset({"users:write"}), raw={"roles": "staff auditor", "org": {"dept": "billing"}}),
    Claims("a", frozenset({"users:read", "billing:read"}), raw={"roles": ["admin"]}),
]


def _anyone(_: Claims | None) -> bool:
    return True


def _allowed(claims: Claims | None, *keys: str) -> bool:
    return all(ALLOWED.get(key, _anyone)(claims) for key in keys)


def _value(schema: GraphQLSchema, type_: Any) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return _value(schema, type_.of_type)
    if isinstance(type_, GraphQLList):
        named = get_named_type(type_)
        if is_abstract_type(named):
            return [{"__typename": t.name} for t in schema.get_possible_types(named)]
        return [_value(schema, type_.of_type)]
    if isinstance(type_, GraphQLObjectType):
        return {"__typename": type_.name}
    if is_abstract_type(type_):
        return {"__typename": schema.get_possible_types(type_)[0].name}
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    return {"Int": 1, "Boolean": True}.get(type_.name, "x")


def leaks(schema: GraphQLSchema, document: DocumentNode, claims: Claims | None) -> list[str]:
    """Execute the filtered document; return every resolved field the oracle says the caller may not see."""
    seen: list[str] = []

    def resolve(source: Any, info: GraphQLResolveInfo[Any], **_: Any) -> Any:
        owner, name = info.parent_type.name, info.field_name
        returned = get_named_type(info.return_type).name
        if not _allowed(claims, owner, f"{owner}.{name}", returned):
            seen.append(f"{owner}.{name} at {list(info.path.as_list())}")
        return _value(schema, info.return_type)

    result = execute(
        schema,
        document,
        root_value={},
        field_resolver=resolve,
        type_resolver=lambda value, *_: value["__typename"],
    )
    assert isinstance(result, ExecutionResult)
    assert result.errors is None, (result.errors, print_ast(document))
    return seen


@st.composite
def disguised(draw: st.DrawFn, schema: GraphQLSchema) -> DocumentNode:
    """A generated operation with aliases, duplicated fields and fragments (named and inline) mixed in."""
    document = draw(from_schema(schema, print_ast=lambda d: d))
    assert isinstance(document, DocumentNode)
    counter = itertools.count()
    fragments: list[FragmentDefinitionNode] = []

    def selection_set(node: SelectionSetNode, parent: Any) -> SelectionSetNode:
        selections: list[SelectionNode] = []
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                child = None
                if selection.selection_set is not None:
                    definition = parent.fields[selection.name.value]
                    child = selection_set(selection.selection_set, get_named_type(definition.type))
                field = replace(selection, selection_set=child) if child is not None else selection
                if draw(st.booleans()):
                    field = replace(field, alias=NameNode(value=f"a{next(counter)}"))
                selections.append(field)
                if draw(st.integers(0, 4)) == 0:
                    selections.append(replace(field, alias=NameNode(value=f"d{next(counter)}")))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else parent.name
                inner = selection_set(selection.selection_set, schema.get_type(condition))
                selections.append(replace(selection, selection_set=inner))
            else:
                selections.append(selection)
        result = SelectionSetNode(selections=tuple(selections))
        wrap = draw(st.sampled_from(["none", "none", "named", "inline"]))
        if wrap == "named":
            name = f"F{next(counter)}"
            condition = NamedTypeNode(name=NameNode(value=parent.name))
            fragments.append(
                FragmentDefinitionNode(name=NameNode(value=name), type_condition=condition, selection_set=result)
            )
            return SelectionSetNode(selections=(FragmentSpreadNode(name=NameNode(value=name)),))
        if wrap == "inline":
            only_fields = all(isinstance(s, FieldNode) for s in selections)
            if isinstance(parent, GraphQLInterfaceType) and only_fields and draw(st.booleans()):
                # The same selections once per implementation: fields reached through concrete types.
                return SelectionSetNode(
                    selections=tuple(
                        InlineFragmentNode(
                            type_condition=NamedTypeNode(name=NameNode(value=t.name)), selection_set=result
                        )
                        for t in schema.get_possible_types(parent)
                    )
                )
            return SelectionSetNode(selections=(InlineFragmentNode(selection_set=result),))
        return result

    operations = []
    for definition in document.definitions:
        assert isinstance(definition, OperationDefinitionNode)
        root = schema.get_root_type(definition.operation)
        operations.append(replace(definition, selection_set=selection_set(definition.selection_set, root)))
    disguised_document = DocumentNode(definitions=(*operations, *fragments))
    assert validate(schema, disguised_document) == [], print_ast(disguised_document)
    return disguised_document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_generated_operation_leaks_a_protected_field(data: st.DataObject) -> None:
    # The composer copies implementations' requirements onto interfaces; the variant without them checks that the
    # router protects interface selections through the implementations alone.
    supergraph = data.draw(st.sampled_from([fixture(), unpropagated()]))
    schema = supergraph.api_schema
    document = data.draw(disguised(schema))
    claims = data.draw(st.sampled_from(CALLERS))
    result = authorize(supergraph, document, None, claims, config())
    assert not result.rejected
    assert validate(schema, result.document) == [] or result.nothing_to_execute
    assert leaks(schema, result.document, claims) == [], print_ast(result.document)
    if result.errors == ():
        assert result.document is document
    # A plan cache keyed by `cache_key` must never hand one caller's filtered operation to another.
    other = authorize(supergraph, document, None, data.draw(st.sampled_from(CALLERS)), config())
    if other.cache_key == result.cache_key:
        assert print_ast(other.document) == print_ast(result.document)


def test_the_oracle_sees_leaks_in_unfiltered_operations() -> None:
    """Control: without authorization, the same executor reports the protected fields, so the property has teeth."""
    from graphql import parse

    schema = fixture().api_schema
    document = parse("{ me { email } search { ... on Secret { body } } nodes { ... on Post { label } } }")
    found = leaks(schema, document, Claims("u"))
    assert any("User.email" in leak for leak in found)
    assert any("Secret.body" in leak for leak in found)
    assert not any("Post.label" in leak for leak in found)
    assert any("Query.me" in leak for leak in leaks(schema, document, None))
