"""Satisfiability placeholder."""

from __future__ import annotations
from collections.abc import Sequence
from .errors import CompositionError
from .model import Subgraph
from .supergraph_model import Supergraph


def check(supergraph: Supergraph, subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    return []
