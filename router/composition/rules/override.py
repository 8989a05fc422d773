"""`@override` rules: OVERRIDE_FROM_SELF_ERROR, OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE, OVERRIDE_ON_INTERFACE,
OVERRIDE_SOURCE_HAS_OVERRIDE."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import CompositionError, error
from ..model import Kind, Subgraph


def check_subgraph(subgraph: Subgraph) -> list[CompositionError]:
    errors: list[CompositionError] = []
    for typedef in subgraph.types.values():
        for field in typedef.fields.values():
            if field.override is None:
                continue
            coordinate = f"{typedef.name}.{field.name}"
            if typedef.kind is Kind.INTERFACE:
                errors.append(
                    error(
                        "OVERRIDE_ON_INTERFACE",
                        f'@override cannot be used on field "{coordinate}" on subgraph "{subgraph.name}": '
                        "@override is not supported on interface type fields.",
                        subgraph.name,
                        field.override_node,
                    )
                )
            elif field.override == subgraph.name:
                errors.append(
                    error(
                        "OVERRIDE_FROM_SELF_ERROR",
                        f'Source and destination subgraphs "{subgraph.name}" are the same for overridden field '
                        f'"{coordinate}"',
                        subgraph.name,
                        field.override_node,
                    )
                )
            elif field.external:
                errors.append(
                    error(
                        "OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE",
                        f'@override cannot be used on field "{coordinate}" on subgraph "{subgraph.name}" since '
                        f'"{coordinate}" on "{subgraph.name}" is marked with directive "@external"',
                        subgraph.name,
                        field.override_node,
                    )
                )
    return errors


def check_across(subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    by_name = {s.name: s for s in subgraphs}
    errors: list[CompositionError] = []
    for subgraph in subgraphs:
        for typedef in subgraph.types.values():
            for field in typedef.fields.values():
                if field.override is None or field.external:
                    continue
                source = by_name.get(field.override)
                source_type = source.types.get(typedef.name) if source else None
                source_field = source_type.fields.get(field.name) if source_type else None
                if source_field is not None and source_field.override is not None:
                    errors.append(
                        error(
                            "OVERRIDE_SOURCE_HAS_OVERRIDE",
                            f'Field "{typedef.name}.{field.name}" on subgraph "{subgraph.name}" is also marked with '
                            f'directive @override in subgraph "{field.override}". Only one @override directive is '
                            "allowed per field.",
                            subgraph.name,
                            field.override_node,
                        )
                    )
    return errors
