"""Schema changes and operation coordinates on plain schemas (no federation involved)."""

from __future__ import annotations

from graphql import build_schema, parse

from registry.domain.changes import Severity, schema_changes
from registry.domain.usage import EVERYTHING, operation_coordinates, touches

BASE = """
directive @cached(ttl: Int) on FIELD
interface Node { id: ID! }
type Card implements Node { id: ID! last4: String }
type Wallet implements Node { id: ID! }
union Item = Card | Wallet
input Filter { kind: Kind = CARD, text: String }
enum Kind { CARD WALLET }
type Query { node(id: ID!): Node items(filter: Filter): [Item!]! }
"""


def changes(new: str) -> dict[str, tuple[Severity, str | None, tuple[frozenset[str], ...]]]:
    found = schema_changes(build_schema(BASE), build_schema(new))
    return {c.code: (c.severity, c.coordinate, c.usage) for c in found}


def test_union_member_removal_needs_both_member_and_union() -> None:
    found = changes(BASE.replace("union Item = Card | Wallet", "union Item = Wallet"))
    severity, coordinate, usage = found["TYPE_REMOVED_FROM_UNION"]
    assert severity is Severity.BREAKING and coordinate == "Card"
    assert usage == (frozenset({"Card", "Item"}),)


def test_interface_removal_and_directive_changes() -> None:
    new = BASE.replace("type Card implements Node", "type Card").replace(
        "directive @cached(ttl: Int) on FIELD", "directive @cached on FIELD | QUERY"
    )
    found = changes(new)
    assert found["IMPLEMENTED_INTERFACE_REMOVED"][1:] == ("Card", (frozenset({"Card", "Node"}),))
    assert found["DIRECTIVE_ARG_REMOVED"][1:] == ("@cached(ttl:)", (frozenset({"@cached(ttl:)"}),))
    assert found["DIRECTIVE_LOCATION_ADDED"][:2] == (Severity.SAFE, "@cached")


def test_default_value_change_is_dangerous() -> None:
    found = changes(BASE.replace("kind: Kind = CARD", "kind: Kind = WALLET"))
    assert found["INPUT_FIELD_DEFAULT_VALUE_CHANGE"][:2] == (Severity.DANGEROUS, "Filter.kind")


def test_type_removal_and_kind_change() -> None:
    found = changes(BASE.replace("input Filter { kind: Kind = CARD, text: String }", "scalar Filter"))
    assert found["TYPE_CHANGED_KIND"][:2] == (Severity.BREAKING, "Filter")


def test_description_text_never_becomes_the_coordinate() -> None:
    new = BASE.replace("\ntype Query", '\n"see Card.last4"\ntype Query')
    found = schema_changes(build_schema(BASE), build_schema(new))
    assert [(c.code, c.coordinate) for c in found] == [("DESCRIPTION_CHANGED", "Query")]


def test_operation_coordinates() -> None:
    schema = build_schema(BASE)
    document = parse(
        """
        query Q($f: Filter) {
          node(id: "1") { id ... on Card { last4 @cached(ttl: 5) } }
          items(filter: $f) { ...W }
          literal: items(filter: {kind: WALLET}) { __typename }
        }
        fragment W on Wallet { id }
        """
    )
    found = operation_coordinates(schema, document)
    expected = {
        EVERYTHING,
        "Query",
        "Query.node",
        "Query.node(id:)",
        "Node",
        "Node.id",
        "Card",
        "Card.last4",
        "@cached",
        "@cached(ttl:)",
        "Query.items",
        "Query.items(filter:)",
        "Item",
        "Wallet",
        "Wallet.id",
        "Filter",
        "Filter.kind",
        "Kind.WALLET",
        "input:Filter",
        "input:Kind",
        "input:String",
        "Item.__typename",
        "String",
        "ID",
    }
    assert expected <= found, expected - found
    assert touches(found, (frozenset({"Card", "Item"}),))
    assert not touches(found, (frozenset({"Kind.CARD"}),))
