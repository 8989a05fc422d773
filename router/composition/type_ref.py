"""Type references in SDL notation (`[Int!]!`): named type, nullability and list structure, without parsing."""

from __future__ import annotations

from graphql.language import ListTypeNode, NamedTypeNode, NonNullTypeNode, TypeNode


def from_node(node: TypeNode, rename: dict[str, str]) -> str:
    """Print a type node, renaming root types (`schema { query: Root }` -> `Query`)."""
    prefix, suffix = "", ""
    current: TypeNode = node
    while True:
        if isinstance(current, NonNullTypeNode):
            suffix = "!" + suffix
            current = current.type
        elif isinstance(current, ListTypeNode):
            prefix += "["
            suffix = "]" + suffix
            current = current.type
        else:
            assert isinstance(current, NamedTypeNode)
            name = current.name.value
            return prefix + rename.get(name, name) + suffix


def named(ref: str) -> str:
    """The named type at the bottom of a reference."""
    return ref.strip("[]!")


def is_non_null(ref: str) -> bool:
    return ref.endswith("!")


def nullable(ref: str) -> str:
    return ref[:-1] if ref.endswith("!") else ref


def is_list(ref: str) -> bool:
    return nullable(ref).startswith("[")


def item(ref: str) -> str:
    """The item type of a (nullable) list reference."""
    return nullable(ref)[1:-1]
