"""The API schema: what clients see of a supergraph.

It is the supergraph without the federation machinery (the `@link`ed specs' directives and types: join, link, core,
inaccessible, tag, ...) and without the elements marked `@inaccessible`. Pure: SDL in, SDL or schema out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from graphql import (
    DefinitionNode,
    DirectiveDefinitionNode,
    DirectiveNode,
    DocumentNode,
    GraphQLSchema,
    Node,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    build_ast_schema,
    parse,
    print_schema,
)

from router.supergraph.links import LinkedSpec, find_spec, linked_specs

N = TypeVar("N", bound=Node)

# Directives every GraphQL schema may carry; never machinery.
_BUILT_IN_DIRECTIVES = frozenset({"deprecated", "specifiedBy", "oneOf", "include", "skip"})
# Spec directives composers print under their bare name without importing them (The Guild's cost spec link
# imports only what it renames, yet defines `@listSize`).
_UNPREFIXED: dict[str, frozenset[str]] = {"cost": frozenset({"cost", "listSize"})}


class _Stripper:
    """Removes machinery directives and `@inaccessible` elements from definition nodes."""

    def __init__(self, specs: list[LinkedSpec]) -> None:
        self.specs = specs
        inaccessible = find_spec(specs, "inaccessible")
        self.inaccessible = inaccessible.local_name("inaccessible") if inaccessible else "inaccessible"
        self.removed_types: set[str] = set()

    def is_machinery(self, name: str) -> bool:
        if name in _BUILT_IN_DIRECTIVES:
            return False
        if any(name in _UNPREFIXED.get(spec.name, ()) for spec in self.specs):
            return True
        return any(spec.element_for(name) is not None for spec in self.specs)

    def hidden(self, node: Any) -> bool:
        return any(d.name.value == self.inaccessible for d in getattr(node, "directives", None) or ())

    def directives(self, nodes: tuple[DirectiveNode, ...] | None) -> tuple[DirectiveNode, ...]:
        return tuple(d for d in nodes or () if not self.is_machinery(d.name.value))

    def clean(self, node: N) -> N:
        """The node without machinery directives and hidden children (fields, arguments, enum values)."""
        changes: dict[str, Any] = {}
        if hasattr(node, "directives"):
            changes["directives"] = self.directives(node.directives)
        for key in ("fields", "arguments", "values"):
            children = getattr(node, key, None)
            if children is not None:
                changes[key] = tuple(self.clean(c) for c in children if not self.hidden(c))
        for key in ("interfaces", "types"):
            named = getattr(node, key, None)
            if named is not None:
                changes[key] = tuple(t for t in named if t.name.value not in self.removed_types)
        return replace(node, **changes) if changes else node


def api_schema_document(document: DocumentNode) -> DocumentNode:
    """Strip machinery and `@inaccessible` elements from a parsed supergraph."""
    stripper = _Stripper(linked_specs(document))
    for definition in document.definitions:
        if isinstance(definition, TypeDefinitionNode | TypeExtensionNode):
            name = definition.name.value
            if stripper.is_machinery(name) or stripper.hidden(definition):
                stripper.removed_types.add(name)
    kept: list[DefinitionNode] = []
    for definition in document.definitions:
        if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            kept.append(replace(definition, directives=()))
        elif isinstance(definition, DirectiveDefinitionNode):
            if not stripper.is_machinery(definition.name.value):
                kept.append(stripper.clean(definition))
        elif (
            isinstance(definition, TypeDefinitionNode | TypeExtensionNode)
            and definition.name.value not in stripper.removed_types
        ):
            kept.append(stripper.clean(definition))
    return DocumentNode(definitions=tuple(kept))


def api_schema(supergraph_sdl: str) -> GraphQLSchema:
    """The API schema of a supergraph, as a graphql-core schema ready for validation and introspection."""
    document = api_schema_document(parse(supergraph_sdl, no_location=True))
    return build_ast_schema(document, assume_valid_sdl=True)


def api_schema_sdl(supergraph_sdl: str) -> str:
    """The API schema of a supergraph as SDL, printed by graphql-core."""
    return print_schema(api_schema(supergraph_sdl))
