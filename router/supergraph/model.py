"""A loaded supergraph: the full schema (with its join metadata), the subgraphs it names, and the API schema.

Loaded once per supergraph version and shared read-only by every request; nothing here changes after loading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    EnumTypeDefinitionNode,
    GraphQLSchema,
    StringValueNode,
    build_ast_schema,
    parse,
)

from router.supergraph.api_schema import api_schema_document
from router.supergraph.links import LinkedSpec, find_spec, linked_specs


class SupergraphError(ValueError):
    """The text is not a supergraph this router can run."""


@dataclass(frozen=True)
class Subgraph:
    """One subgraph as the supergraph names it."""

    enum_value: str  # the join__Graph value, as join directives refer to it
    name: str
    url: str


@dataclass(frozen=True)
class Supergraph:
    """A parsed supergraph, ready for planning, authorization and validation."""

    sdl: str
    document: DocumentNode
    schema: GraphQLSchema  # the whole supergraph: join__* directives stay readable on each element's ast_node
    api_schema: GraphQLSchema
    specs: tuple[LinkedSpec, ...]
    subgraphs: Mapping[str, Subgraph]  # by join__Graph enum value

    def subgraph_by_name(self, name: str) -> Subgraph:
        for subgraph in self.subgraphs.values():
            if subgraph.name == name:
                return subgraph
        raise KeyError(name)

    def with_urls(self, overrides: Mapping[str, str]) -> Supergraph:
        """The same supergraph with some subgraph URLs replaced (keyed by subgraph name), as router config allows."""
        unknown = set(overrides) - {s.name for s in self.subgraphs.values()}
        if unknown:
            raise SupergraphError(f"URL override for unknown subgraph(s): {', '.join(sorted(unknown))}")
        subgraphs = {
            key: Subgraph(s.enum_value, s.name, overrides.get(s.name, s.url)) for key, s in self.subgraphs.items()
        }
        return Supergraph(self.sdl, self.document, self.schema, self.api_schema, self.specs, subgraphs)


def _subgraphs(document: DocumentNode, join: LinkedSpec) -> dict[str, Subgraph]:
    graph_enum = join.local_name("Graph")
    graph_directive = join.local_name("graph")
    result: dict[str, Subgraph] = {}
    for definition in document.definitions:
        if not (isinstance(definition, EnumTypeDefinitionNode) and definition.name.value == graph_enum):
            continue
        for value in definition.values or ():
            args: dict[str, str] = {}
            for directive in value.directives or ():
                if directive.name.value == graph_directive:
                    args = {
                        a.name.value: a.value.value
                        for a in directive.arguments or ()
                        if isinstance(a.value, StringValueNode)
                    }
            if "name" not in args or "url" not in args:
                raise SupergraphError(f"{graph_enum}.{value.name.value} lacks @{graph_directive}(name:, url:)")
            result[value.name.value] = Subgraph(value.name.value, args["name"], args["url"])
    return result


def load_supergraph(sdl: str) -> Supergraph:
    """Parse and check a supergraph SDL (join v0.1 to v0.5, as rover and The Guild's composer print it)."""
    try:
        document = parse(sdl)
        specs = linked_specs(document)
        join = find_spec(specs, "join")
        if join is None:
            raise SupergraphError("not a supergraph: no @link (or @core) to the join spec")
        schema = build_ast_schema(document, assume_valid_sdl=True)
        api = build_ast_schema(api_schema_document(document), assume_valid_sdl=True)
    except SupergraphError:
        raise
    except Exception as exc:  # graphql-core raises GraphQLError, TypeError, ... on malformed schemas
        raise SupergraphError(f"invalid supergraph: {exc}") from exc
    return Supergraph(sdl, document, schema, api, tuple(specs), _subgraphs(document, join))
