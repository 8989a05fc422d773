"""The router-secret guard: `_entities` and `_service` answer only requests that carry X-Router-Secret.

Entity resolution and the subgraph SDL are for the router, not for clients going around it. When the setting
`require_router_secret` is on (the default outside development), an operation that selects either field without
the right header fails as a whole with FORBIDDEN before execution starts.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from strawberry.extensions import SchemaExtension

ROUTER_ONLY_FIELDS = frozenset({"_entities", "_service"})


def _root_field_names(selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode]) -> set[str]:
    names: set[str] = set()
    seen: set[str] = set()
    stack = [selection_set]
    while stack:
        current = stack.pop()
        for selection in current.selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                stack.append(selection.selection_set)
            else:
                name = selection.name.value  # type: ignore[attr-defined]
                if name in fragments and name not in seen:
                    seen.add(name)
                    stack.append(fragments[name].selection_set)
    return names


def selects_router_only_fields(document_definitions: list[object]) -> bool:
    """True when any operation of the document selects `_entities` or `_service` at the root."""
    fragments = {d.name.value: d for d in document_definitions if isinstance(d, FragmentDefinitionNode)}
    for definition in document_definitions:
        if (
            isinstance(definition, OperationDefinitionNode)
            and _root_field_names(definition.selection_set, fragments) & ROUTER_ONLY_FIELDS
        ):
            return True
    return False


class RouterSecretGuard(SchemaExtension):
    """Reject router-only root fields unless the context says the router secret was presented."""

    def on_execute(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        context = self.execution_context.context
        trusted = getattr(context, "router_trusted", False) is True
        if document is not None and not trusted and selects_router_only_fields(list(document.definitions)):
            raise GraphQLError("_entities and _service are only served to the router", extensions={"code": "FORBIDDEN"})
        yield
