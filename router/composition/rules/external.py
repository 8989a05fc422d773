"""`@external` rules within a subgraph: EXTERNAL_UNUSED (EXTERNAL_MISSING_ON_BASE and EXTERNAL_TYPE_MISMATCH need all
subgraphs and live in the merge)."""

from __future__ import annotations

from ..errors import CompositionError, error
from ..field_set import parse_field_set
from ..model import Kind, Subgraph
from ..selection_walk import walk


def used_fields(subgraph: Subgraph) -> set[tuple[str, str]]:
    """(type, field) pairs some @key, @requires or @provides of the subgraph selects."""
    used: set[tuple[str, str]] = set()

    def mark(type_name: str, text: str) -> None:
        root = subgraph.types.get(type_name)
        parsed = parse_field_set(text)
        if root is None or parsed is None:
            return
        for visited in walk(subgraph, root, parsed):
            used.add((visited.parent.name, visited.selection.name))
            # a field selected on an interface is used in every implementation
            if visited.parent.kind is Kind.INTERFACE:
                for other in subgraph.types.values():
                    if visited.parent.name in other.interfaces:
                        used.add((other.name, visited.selection.name))

    for typedef in subgraph.types.values():
        for key in typedef.keys:
            mark(typedef.name, key.fields)
        for field in typedef.fields.values():
            if field.requires is not None:
                mark(typedef.name, field.requires)
            if field.provides is not None:
                mark(field.type.strip("[]!"), field.provides)
    return used


def check(subgraph: Subgraph) -> list[CompositionError]:
    if subgraph.fed1:
        return []  # the Federation 1 upgrade removed unused @external fields
    errors: list[CompositionError] = []
    used = used_fields(subgraph)
    for typedef in subgraph.types.values():
        interface_fields = {
            name
            for interface in typedef.interfaces
            if (idef := subgraph.types.get(interface)) is not None
            for name in idef.fields
        }
        for field in typedef.fields.values():
            if not field.external or (typedef.name, field.name) in used or field.name in interface_fields:
                continue
            errors.append(
                error(
                    "EXTERNAL_UNUSED",
                    f'Field "{typedef.name}.{field.name}" is marked @external but is not used in any federation '
                    "directive (@key, @provides, @requires) or to satisfy an interface; the field declaration has no "
                    "use and should be removed (or the field should not be @external).",
                    subgraph.name,
                    field.node,
                )
            )
    return errors
