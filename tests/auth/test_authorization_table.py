"""Per-field enforcement, table-driven: callers (anonymous, scopes, policies) x operations over the fixture supergraph.

Each row gives the exact error paths; every row also checks that the filtered operation is still valid against the
API schema and selects none of the removed paths.
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    NoUnusedVariablesRule,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    parse,
    print_ast,
    specified_rules,
    validate,
)

from router.auth.authorization import UNAUTHORIZED_MESSAGE, AuthorizationResult, authorize, undefined_policies
from router.auth.claims import Claims
from router.auth.config import UnauthorizedMode
from router.supergraph import Supergraph
from tests.auth.supergraphs import config, fixture, renamed, unpropagated

ANON = None
USER = Claims("u")
EMAIL = Claims("u", frozenset({"email:read"}))
SECRETS = Claims("u", frozenset({"secrets:read"}))
STAFF_SCOPE = Claims("s", frozenset({"staff"}))
USERS_READ = Claims("s", frozenset({"users:read"}))
WRITER = Claims("s", frozenset({"users:write"}))
DELETER = Claims("s", frozenset({"users:write", "users:delete"}))
STAFF = Claims("s", raw={"roles": ["staff"]})
STAFF_AUDITOR = Claims("s", raw={"roles": ["staff", "auditor"]})
ADMIN = Claims("s", raw={"roles": "viewer admin"})  # a space-separated string claim
BILLING = Claims("s", raw={"org": {"dept": "billing"}})
ALL = Claims(
    "root",
    frozenset({"email:read", "secrets:read", "tiers:read", "billing:read", "users:read"}),
    raw={"roles": ["staff", "auditor", "admin"], "org": {"dept": "billing"}},
)

Row = tuple[str, str, Claims | None, set[tuple[str, ...]]]

ROWS: list[Row] = [
    ("public field", "{ hello prices }", ANON, set()),
    ("authenticated field, anonymous", "{ hello me { id } }", ANON, {("me",)}),
    ("authenticated field, user", "{ me { id name } }", USER, set()),
    ("scope missing", "{ me { id email } }", USER, {("me", "email")}),
    ("scope held", "{ me { id email } }", EMAIL, set()),
    ("aliases each get their path", "{ a: me { x: email y: email id } }", USER, {("a", "x"), ("a", "y")}),
    ("alias of a public field is untouched", "{ a: me { n: name } }", USER, set()),
    ("OR of scopes: none", '{ user(id: "1") { id } }', USER, {("user",)}),
    ("OR of scopes: first", '{ user(id: "1") { id } }', USERS_READ, set()),
    ("OR of scopes: second", '{ user(id: "1") { id } }', STAFF_SCOPE, set()),
    ("AND of scopes: one of two", 'mutation { deleteUser(id: "1") }', WRITER, {("deleteUser",)}),
    ("AND of scopes: both", 'mutation { deleteUser(id: "1") }', DELETER, set()),
    (
        "mutation field, anonymous",
        'mutation { rename(name: "x") { id } deleteUser(id: "1") }',
        ANON,
        {("rename",), ("deleteUser",)},
    ),
    ("policy: not met", "{ me { notes } }", USER, {("me", "notes")}),
    ("policy: met", "{ me { notes } }", STAFF, set()),
    ("policy AND: half", "{ me { risk } }", STAFF, {("me", "risk")}),
    ("policy AND: whole", "{ me { risk } }", STAFF_AUDITOR, set()),
    ("policy OR: the other group, string claim", "{ me { risk notes } }", ADMIN, {("me", "notes")}),
    ("policy on a nested claim", "{ me { invoices { amount } } }", BILLING, set()),
    (
        "policy on a nested claim, not met",
        "{ me { invoices { number amount } } }",
        USER,
        {("me", "invoices", "@", "amount")},
    ),
    ("protected enum type", "{ me { tier } }", USER, {("me", "tier")}),
    ("protected scalar type", "{ me { taxNumber } }", USER, set()),
    ("protected object type, anonymous", "{ audit { entries } }", ANON, {("audit",)}),
    ("protected object type, user", "{ audit { entries } }", USER, set()),
    (
        "union member type protected",
        "{ search { __typename ... on Secret { body } ... on Post { text } } }",
        USER,
        {("search", "@", "body")},
    ),
    ("union member type, scope held", "{ search { ... on Secret { body id } } }", SECRETS, set()),
    ("union member field protected", "{ search { ... on User { email name } } }", USER, {("search", "@", "email")}),
    ("interface protected by an implementation", "{ nodes { id } }", USER, {("nodes",)}),
    ("interface, typename only", "{ nodes { __typename } }", SECRETS, set()),
    ("interface field protected on one implementation", "{ nodes { id label } }", SECRETS, set()),
    ("interface field, anonymous", "{ nodes { label } }", ANON, {("nodes",)}),
    (
        "named fragments at two places",
        "query Q { me { ...U } search { ... on User { ...U } } } fragment U on User { id email }",
        USER,
        {("me", "email"), ("search", "@", "email")},
    ),
    (
        "fragment spread inside a fragment",
        "{ me { ...A } } fragment A on User { id ...B } fragment B on User { email notes }",
        EMAIL,
        {("me", "notes")},
    ),
    ("fragment emptied entirely", "{ me { id ...B } } fragment B on User { email }", USER, {("me", "email")}),
    (
        "entity jump to the other subgraph",
        "{ me { invoices { payer { name balance email } } } }",
        USER,
        {("me", "invoices", "@", "payer", "balance"), ("me", "invoices", "@", "payer", "email")},
    ),
    ("entity field with scope", "{ me { balance } }", Claims("u", frozenset({"billing:read"})), set()),
    (
        "everything for the all-powerful",
        "{ me { email notes risk tier taxNumber balance invoices { amount } } audit { entries } nodes { id label } }",
        ALL,
        set(),
    ),
    ("introspection is left alone", "{ __typename __schema { queryType { name } } }", ANON, set()),
]


def response_paths(document: DocumentNode) -> set[tuple[str, ...]]:
    """Every response-key path the document selects (through fragments; no list markers)."""
    return {tuple(k for k in path if k != "@") for path, _ in typed_paths(fixture().api_schema, document)}


def typed_paths(schema: GraphQLSchema, document: DocumentNode) -> set[tuple[tuple[str, ...], str]]:
    """Every (response path with "@" list markers, runtime object type) at which the document selects a field."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    found: set[tuple[tuple[str, ...], str]] = set()

    def possible(type_name: str) -> frozenset[str]:
        named = schema.get_type(type_name)
        if isinstance(named, GraphQLObjectType):
            return frozenset({type_name})
        return frozenset(t.name for t in schema.get_possible_types(named))  # type: ignore[arg-type]

    def walk(selection_set: SelectionSetNode, parent: str, scope: frozenset[str], path: tuple[str, ...]) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = (*path, (selection.alias or selection.name).value)
                found.update((key, t) for t in scope)
                if selection.selection_set is not None and not selection.name.value.startswith("__"):
                    definition = schema.get_type(parent).fields[selection.name.value]  # type: ignore[union-attr]
                    child = get_named_type(definition.type).name
                    depth, type_ = 0, definition.type
                    while isinstance(type_, GraphQLNonNull | GraphQLList):
                        depth += isinstance(type_, GraphQLList)
                        type_ = type_.of_type
                    walk(selection.selection_set, child, possible(child), key + ("@",) * depth)
            else:
                if isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition.name.value if selection.type_condition else parent
                    inner = selection.selection_set
                else:
                    assert isinstance(selection, FragmentSpreadNode)
                    fragment = fragments[selection.name.value]
                    condition, inner = fragment.type_condition.name.value, fragment.selection_set
                walk(inner, condition, scope & possible(condition), path)

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            root = schema.get_root_type(definition.operation)
            assert root is not None
            walk(definition.selection_set, root.name, frozenset({root.name}), ())
    return found


def check_invariants(supergraph: Supergraph, result: AuthorizationResult) -> None:
    rules = [rule for rule in specified_rules if rule is not NoUnusedVariablesRule]
    assert validate(supergraph.api_schema, result.document, rules) == [], print_ast(result.document)
    selected = typed_paths(supergraph.api_schema, result.document)
    for removed in result.removed:
        assert not {(removed.path, t) for t in removed.types} & selected, f"{removed} is still selected"
    assert [r.path for r in result.removed] == [path for path, _ in result.errors]
    assert all(message == UNAUTHORIZED_MESSAGE for _, message in result.errors)


def run(
    query: str, claims: Claims | None, supergraph: Supergraph | None = None, **settings: Any
) -> AuthorizationResult:
    supergraph = supergraph or fixture()
    document = parse(query)
    assert validate(supergraph.api_schema, document) == []
    return authorize(supergraph, document, None, claims, config(**settings))


@pytest.mark.parametrize(("name", "query", "claims", "expected"), ROWS, ids=[row[0] for row in ROWS])
@pytest.mark.parametrize("variant", ["composed", "renamed"])
def test_table(name: str, query: str, claims: Claims | None, expected: set[tuple[str, ...]], variant: str) -> None:
    supergraph = fixture() if variant == "composed" else renamed()
    result = run(query, claims, supergraph)
    assert set(result.error_paths) == expected
    assert len(result.error_paths) == len(expected), "duplicate error paths"
    assert not result.rejected
    check_invariants(supergraph, result)
    if not expected:
        assert result.document is not None and response_paths(result.document) == response_paths(parse(query))


def test_nothing_left_selects_typename_only() -> None:
    result = run("{ me { id } audit { entries } }", ANON)
    assert result.nothing_to_execute
    assert print_ast(result.document).split() == ["{", "__typename", "}"]


def test_unknown_policy_fails_closed() -> None:
    result = run("{ me { invoices { amount } } }", BILLING, policies={})
    assert result.error_paths == (("me", "invoices", "@", "amount"),)


def test_reject_mode_refuses_the_whole_operation() -> None:
    query = "{ hello me { id email } }"
    rejected = run(query, USER, unauthorized=UnauthorizedMode.REJECT)
    assert rejected.rejected and rejected.error_paths == (("me", "email"),)
    assert response_paths(rejected.document) == response_paths(parse(query)), "the document is left as it was"
    allowed = run(query, EMAIL, unauthorized=UnauthorizedMode.REJECT)
    assert not allowed.rejected and allowed.errors == ()


def test_interface_protected_through_implementations_alone() -> None:
    """Without the requirements the composer copies onto `Node`, the implementations still protect it."""
    supergraph = unpropagated()
    # A Secret could be in the list: `id` goes (and `nodes` with it, having nothing left).
    assert run("{ nodes { id } }", USER, supergraph).error_paths == (("nodes", "@", "id"),)
    assert run("{ nodes { id } }", SECRETS, supergraph).error_paths == ()
    anonymous = run("{ nodes { ... on User { id label } } }", ANON, supergraph)
    assert anonymous.error_paths == (), "User's own fields are public"
    post_label = run("{ nodes { ... on Secret { id } ... on Node { label } } }", SECRETS, supergraph)
    assert post_label.error_paths == (), "authenticated callers may read Post.label"
    anon_label = run("{ nodes { ... on Post { id label } ... on User { label } } }", ANON, supergraph)
    assert anon_label.error_paths == (("nodes", "@", "label"),)
    check_invariants(supergraph, anon_label)


def test_one_fragment_two_filtered_versions() -> None:
    """`N` loses `label` under Post (anonymous) but keeps it under User: two fragment definitions come out."""
    supergraph = unpropagated()
    query = "{ search { ... on Post { ...N } ... on User { ...N } } } fragment N on Node { id label }"
    result = run(query, ANON, supergraph)
    assert result.error_paths == (("search", "@", "label"),)
    fragments = {
        d.name.value: print_ast(d.selection_set).split()
        for d in result.document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    assert sorted(fragments.values()) == [["{", "id", "label", "}"], ["{", "id", "}"]]
    check_invariants(supergraph, result)


def test_operation_name_picks_the_operation() -> None:
    document = parse("query A { hello } query B { me { email } }")
    result = authorize(fixture(), document, "B", USER, config())
    assert result.error_paths == (("me", "email"),)
    operations = [d for d in result.document.definitions if isinstance(d, OperationDefinitionNode)]
    assert [o.name.value for o in operations if o.name] == ["B"]
    with pytest.raises(ValueError, match="no operation named"):
        authorize(fixture(), document, "C", USER, config())


def test_cache_key_tells_apart_what_error_paths_cannot() -> None:
    """The same response key removed for different runtime types: same error paths, different documents."""
    query = "{ search { ... on User { x: email } ... on Secret { x: body } } }"
    emails = run(query, Claims("a", frozenset({"email:read"})))
    secrets = run(query, Claims("b", frozenset({"secrets:read"})))
    assert emails.error_paths == secrets.error_paths == (("search", "@", "x"),)
    assert emails.denied == secrets.denied
    assert print_ast(emails.document) != print_ast(secrets.document)
    assert emails.cache_key != secrets.cache_key
    again = run(query, Claims("c", frozenset({"email:read", "other"})))
    assert again.cache_key == emails.cache_key and print_ast(again.document) == print_ast(emails.document)


def test_undefined_policies_are_reported() -> None:
    assert undefined_policies(fixture(), config()) == frozenset()
    assert undefined_policies(fixture(), config(policies={"staff": [{"claim": "roles", "contains": "staff"}]})) == {
        "auditor",
        "admin",
        "billing",
    }
