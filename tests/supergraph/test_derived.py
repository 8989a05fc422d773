"""Values derived from a supergraph are computed once per supergraph object and die with it."""

from __future__ import annotations

import gc
from pathlib import Path

from router.auth.authorization import authorization_index
from router.planning.graph import QueryGraph
from router.supergraph import derived as derived_module
from router.supergraph import load_supergraph
from router.supergraph.derived import derived
from router.supergraph.join import JoinMetadata
from router.supergraph.model import Supergraph

SUPERGRAPH = (Path(__file__).parent / "two_subgraphs.graphql").read_text()


def test_built_once_per_supergraph_object() -> None:
    calls: list[int] = []

    def build(supergraph: Supergraph) -> int:
        calls.append(1)
        return len(supergraph.subgraphs)

    first, second = load_supergraph(SUPERGRAPH), load_supergraph(SUPERGRAPH)
    assert [derived(first, build), derived(first, build), derived(second, build)] == [2, 2, 2]
    assert len(calls) == 2
    assert JoinMetadata.from_supergraph(first) is JoinMetadata.from_supergraph(first)
    assert QueryGraph.of(first) is QueryGraph.of(first) is not QueryGraph.of(second)
    assert authorization_index(first) is authorization_index(first)


def test_a_dropped_supergraph_takes_its_derived_values_with_it() -> None:
    supergraph = load_supergraph(SUPERGRAPH)
    key = id(supergraph)
    QueryGraph.of(supergraph)  # also derives the join metadata
    authorization_index(supergraph)
    assert len(derived_module._values[key][1]) == 3
    del supergraph
    gc.collect()
    assert key not in derived_module._values, "nothing derived keeps the supergraph alive"
