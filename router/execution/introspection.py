"""Introspection: the `__schema` and `__type` root fields are answered from the API schema, never by a subgraph.

This module cuts the client's operation down to those root fields so graphql-core can execute just them, wherever
they stand at the root: directly, in inline fragments, or in fragment spreads (turned into inline fragments, with
their `@skip`/`@include`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
)

INTROSPECTION_ROOT_FIELDS = frozenset({"__schema", "__type"})


def introspection_document(document: DocumentNode, operation: OperationDefinitionNode) -> DocumentNode | None:
    """`operation` with only its `__schema`/`__type` root fields (and the document's fragments), or None."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    selections = _root_introspection(operation.selection_set.selections, fragments)
    if not selections:
        return None
    only = replace(operation, selection_set=replace(operation.selection_set, selections=selections))
    return DocumentNode(definitions=(only, *fragments.values()))


def _root_introspection(
    selections: tuple[SelectionNode, ...], fragments: Mapping[str, FragmentDefinitionNode]
) -> tuple[SelectionNode, ...]:
    """The introspection fields among root `selections`, inside the fragments that hold them (a validated
    document: fragments do not cycle)."""
    kept: list[SelectionNode] = []
    for selection in selections:
        if isinstance(selection, FieldNode):
            if selection.name.value in INTROSPECTION_ROOT_FIELDS:
                kept.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            inner = _root_introspection(selection.selection_set.selections, fragments)
            if inner:
                kept.append(replace(selection, selection_set=replace(selection.selection_set, selections=inner)))
        elif isinstance(selection, FragmentSpreadNode):
            definition = fragments.get(selection.name.value)
            inner = _root_introspection(definition.selection_set.selections, fragments) if definition else ()
            if definition is not None and inner:
                kept.append(
                    InlineFragmentNode(
                        type_condition=definition.type_condition,
                        directives=selection.directives,
                        selection_set=SelectionSetNode(selections=inner),
                    )
                )
    return tuple(kept)
