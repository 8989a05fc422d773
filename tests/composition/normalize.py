"""Normalising SDL for comparison: parse with graphql-core, sort every list whose order carries no meaning, print."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from graphql import GraphQLError, parse, print_ast
from graphql.language import DirectiveNode, DocumentNode, Node

_SORTED = ("definitions", "fields", "values", "directives", "interfaces", "types", "operation_types", "locations")


def _key(node: Any) -> str:
    name = getattr(node, "name", None)
    if name is not None and hasattr(name, "value"):
        return f"{type(node).__name__}:{name.value}:{print_ast(node)}"
    return print_ast(node) if isinstance(node, Node) else str(node)


def _normalise(root: Node) -> Node:
    # Post-order over an explicit stack: children are rebuilt before their parents.
    done: dict[int, Node] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if not expanded:
            stack.append((node, True))
            for key in node.keys:
                value = getattr(node, key, None)
                if isinstance(value, Node):
                    stack.append((value, False))
                elif isinstance(value, tuple | list):
                    stack.extend((child, False) for child in value if isinstance(child, Node))
            continue
        changes: dict[str, Any] = {"loc": None}
        for key in node.keys:
            if key == "loc":
                continue
            value = getattr(node, key, None)
            if isinstance(value, Node):
                changes[key] = done[id(value)]
            elif isinstance(value, tuple | list):
                items = [done[id(c)] if isinstance(c, Node) else c for c in value]
                if key in _SORTED or (key == "arguments" and isinstance(node, DirectiveNode)):
                    items.sort(key=_key)
                changes[key] = tuple(items)
        if getattr(node, "description", None) is not None:
            description = node.description  # type: ignore[attr-defined]
            changes["description"] = replace(description, value=description.value.strip(), block=True, loc=None)
        done[id(node)] = replace(node, **changes)
    return done[id(root)]


_FIELD_SET = re.compile(r'((?:key|requires|provides): ")((?:[^"\\]|\\.)*)(")')


def _field_set(match: re.Match[str]) -> str:
    text = match.group(2).replace('\\"', '"')
    try:
        printed = print_ast(parse("{" + text + "}", no_location=True))
    except GraphQLError:
        printed = text
    canonical = " ".join(printed.split())
    return match.group(1) + canonical.replace('"', '\\"') + match.group(3)


def normalise_sdl(sdl: str) -> str:
    """Sorted, re-printed SDL; field sets (`key:`, `requires:`, `provides:`) with canonical spacing."""
    document = parse(_FIELD_SET.sub(_field_set, sdl), no_location=True)
    result = _normalise(document)
    assert isinstance(result, DocumentNode)
    return print_ast(result)
