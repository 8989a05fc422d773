"""The supergraph room: reading a standard supergraph SDL into what planning, authorization and validation need.

Pure: text in, immutable objects out. `model` loads a supergraph (`links` reads its `@link`s, `api_schema` derives
the client-facing schema), `join` reads the `@join__*` metadata, and `derived` keeps what other rooms compute from a
supergraph once per loaded supergraph.
"""

from router.supergraph.api_schema import api_schema, api_schema_sdl
from router.supergraph.model import Subgraph, Supergraph, SupergraphError, load_supergraph

__all__ = ["Subgraph", "Supergraph", "SupergraphError", "api_schema", "api_schema_sdl", "load_supergraph"]
