"""Reading directive arguments from the AST: strings, booleans, `@link` imports, values printed as the supergraph
prints them, and what merging needs from `@requiresScopes`, `@policy` and `@cost`."""

from __future__ import annotations

from collections.abc import Sequence

from graphql import print_ast
from graphql.language import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
)


def string_arg(directive: DirectiveNode, name: str) -> str | None:
    for arg in directive.arguments or ():
        if arg.name.value == name and isinstance(arg.value, StringValueNode):
            return arg.value.value
    return None


def bool_arg(directive: DirectiveNode, name: str, default: bool) -> bool:
    for arg in directive.arguments or ():
        if arg.name.value == name and isinstance(arg.value, BooleanValueNode):
            return arg.value.value
    return default


def directive_data(directive: DirectiveNode) -> tuple[tuple[str, ...], ...] | int | None:
    """What merging needs from @requiresScopes/@policy (lists of lists of strings) and @cost (the weight)."""
    for arg in directive.arguments or ():
        if arg.name.value in ("scopes", "policies") and isinstance(arg.value, ListValueNode):
            return tuple(
                tuple(v.value for v in inner.values if isinstance(v, StringValueNode))
                for inner in arg.value.values
                if isinstance(inner, ListValueNode)
            )
        if arg.name.value == "weight" and isinstance(arg.value, IntValueNode):
            return int(arg.value.value)
    return None


def import_names(directive: DirectiveNode) -> list[str]:
    names: list[str] = []
    for arg in directive.arguments or ():
        if arg.name.value == "import" and isinstance(arg.value, ListValueNode):
            for value in arg.value.values or ():
                if isinstance(value, StringValueNode):
                    names.append(value.value)
                elif isinstance(value, ObjectValueNode):
                    names.extend(
                        f.value.value
                        for f in value.fields or ()
                        if f.name.value == "as" and isinstance(f.value, StringValueNode)
                    )
    return names


def print_value(value: ValueNode) -> str:
    """A value as the supergraph prints it: `{a: 1, b: [2, 3]}` (graphql-js spacing); values nest shallowly."""
    if isinstance(value, ObjectValueNode):
        return "{" + ", ".join(f"{f.name.value}: {print_value(f.value)}" for f in value.fields or ()) + "}"
    if isinstance(value, ListValueNode):
        return "[" + ", ".join(print_value(v) for v in value.values or ()) + "]"
    return print_ast(value)


def print_args(arguments: Sequence[ArgumentNode]) -> tuple[str, ...]:
    """Each argument printed as `name: value`."""
    return tuple(f"{a.name.value}: {print_value(a.value)}" for a in arguments)
