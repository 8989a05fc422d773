"""Introspection: the `__schema` and `__type` root fields are answered from the API schema, never by a subgraph.

This module cuts the client's operation down to those root fields so graphql-core can execute just them.
"""

from __future__ import annotations

from dataclasses import replace

from graphql import DocumentNode, FieldNode, FragmentDefinitionNode, OperationDefinitionNode

INTROSPECTION_ROOT_FIELDS = frozenset({"__schema", "__type"})


def introspection_document(document: DocumentNode, operation: OperationDefinitionNode) -> DocumentNode | None:
    """`operation` with only its `__schema`/`__type` root fields (and the document's fragments), or None."""
    fields = tuple(
        s
        for s in operation.selection_set.selections
        if isinstance(s, FieldNode) and s.name.value in INTROSPECTION_ROOT_FIELDS
    )
    if not fields:
        return None
    only = replace(operation, selection_set=replace(operation.selection_set, selections=fields))
    fragments = tuple(d for d in document.definitions if isinstance(d, FragmentDefinitionNode))
    return DocumentNode(definitions=(only, *fragments))


def uses_introspection(document: DocumentNode) -> bool:
    """Whether any operation of the document asks for `__schema` or `__type` at its root (used when it is off)."""
    return any(
        isinstance(d, OperationDefinitionNode)
        and any(
            isinstance(s, FieldNode) and s.name.value in INTROSPECTION_ROOT_FIELDS for s in d.selection_set.selections
        )
        for d in document.definitions
    )
