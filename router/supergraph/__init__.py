"""The supergraph room: reading a standard supergraph SDL into what planning, authorization and validation need.

Pure: text in, immutable objects out.
"""

from router.supergraph.api_schema import api_schema, api_schema_sdl
from router.supergraph.model import Subgraph, Supergraph, SupergraphError, load_supergraph

__all__ = ["Subgraph", "Supergraph", "SupergraphError", "api_schema", "api_schema_sdl", "load_supergraph"]
