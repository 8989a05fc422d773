"""Composition: Federation subgraph SDLs -> the standard supergraph SDL, or every composition error with its code.

A pure room: no I/O, no HTTP client, no web framework. Read with `compose(sources)`; the router, the registry and
`router compose` all go through it.
"""

from .compose import CompositionResult, compose
from .errors import CompositionError, SourceLocation
from .model import SubgraphSource

__all__ = ["CompositionError", "CompositionResult", "SourceLocation", "SubgraphSource", "compose"]
