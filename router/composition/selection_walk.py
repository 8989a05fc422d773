"""Walking a field set against one subgraph's types, iteratively, reporting each selected field."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .field_set import Selection
from .model import FieldDef, Subgraph, TypeDef


@dataclass(frozen=True, slots=True)
class Visited:
    """One selected field: where it was selected, what it resolved to (None: unknown field)."""

    parent: TypeDef
    selection: Selection
    field: FieldDef | None
    target: TypeDef | None  # the field's named type in this subgraph (None for built-in scalars)
    parent_field: FieldDef | None  # the selection's parent field, None at the top


def walk(subgraph: Subgraph, root: TypeDef, selections: tuple[Selection, ...]) -> Iterator[Visited]:
    stack: list[tuple[TypeDef, tuple[Selection, ...], FieldDef | None]] = [(root, selections, None)]
    while stack:
        parent, items, parent_field = stack.pop()
        for sel in reversed(items):
            if sel.name == "...":
                conditioned = subgraph.types.get(sel.type_condition) if sel.type_condition else parent
                if conditioned is not None:
                    stack.append((conditioned, sel.children, parent_field))
                continue
            field = parent.fields.get(sel.name)
            target = subgraph.types.get(field.type.strip("[]!")) if field is not None else None
            yield Visited(parent, sel, field, target, parent_field)
            if field is not None and target is not None and sel.children:
                stack.append((target, sel.children, field))
