"""Composition: Federation subgraph SDLs -> the standard supergraph SDL, or every composition error with its code.

A pure room: no I/O, no HTTP client, no web framework. `compose(sources)` is the one entry point; the router, the
registry and `router compose` all go through it (reading `supergraph.yaml` and fetching SDLs is `router.sources`).

How it flows: `subgraph` reads each SDL (`@link` imports and renames, Federation 1 upgrade in `federation1`,
GraphQL validity in `subgraph_validation`), `rules/` checks each subgraph (keys, @external, @requires/@provides,
@override), `merge` (+ `merge_inputs`, `element_merge`) builds the supergraph model, `rules/` checks the merged
result (interfaces, @inaccessible), `satisfiability` walks the API schema, and `printer` prints the supergraph the
way The Guild's composer does (byte for byte on the differential corpus).
"""

from .compose import CompositionResult, compose
from .errors import CompositionError, SourceLocation
from .model import SubgraphSource

__all__ = ["CompositionError", "CompositionResult", "SourceLocation", "SubgraphSource", "compose"]
