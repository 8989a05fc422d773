"""Test support: a feature fixture's subgraph schemas as a subgraph serves them (`_entities`, `_Any`, federation
directives), to check that every fetch of a plan is a valid operation for its subgraph."""

from __future__ import annotations

import functools
import re

from graphql import GraphQLSchema, ObjectTypeDefinitionNode, build_ast_schema, parse

from tests.planning.plans import FIXTURES

_FEDERATION = """
scalar _Any
scalar FieldSet
directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
directive @external on OBJECT | FIELD_DEFINITION
directive @requires(fields: FieldSet!) on FIELD_DEFINITION
directive @provides(fields: FieldSet!) on FIELD_DEFINITION
directive @override(from: String!, label: String) on FIELD_DEFINITION
directive @interfaceObject on OBJECT
directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ENUM | ENUM_VALUE | SCALAR | INPUT_OBJECT
"""


@functools.cache
def subgraph_schema(feature: str, subgraph: str) -> GraphQLSchema:
    sdl = (FIXTURES / feature / f"{subgraph}.graphql").read_text(encoding="utf-8")
    sdl = re.sub(r"extend schema[^{]*?(?=\n\n|\ntype|\ninterface|\nunion)", "", sdl, count=1, flags=re.S)
    document = parse(sdl)
    entities = [
        d.name.value
        for d in document.definitions
        if isinstance(d, ObjectTypeDefinitionNode) and any(x.name.value == "key" for x in d.directives or ())
    ]
    has_query = any(isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Query" for d in document.definitions)
    extra = _FEDERATION
    if entities:
        extra += f"union _Entity = {' | '.join(entities)}\n"
        field = "_entities(representations: [_Any!]!): [_Entity]!"
        extra += f"extend type Query {{ {field} }}\n" if has_query else f"type Query {{ {field} }}\n"
    return build_ast_schema(parse(sdl + extra), assume_valid_sdl=True)
