"""Interface rules over all subgraphs: INTERFACE_FIELD_NO_IMPLEM, INTERFACE_OBJECT_USAGE_ERROR."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import CompositionError, error, subgraph_list
from ..model import Kind, Subgraph
from ..supergraph_model import Supergraph


def check(supergraph: Supergraph, subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    errors: list[CompositionError] = []
    for subgraph in subgraphs:
        for typedef in subgraph.types.values():
            if not typedef.interface_object:
                continue
            merged = supergraph.types.get(typedef.name)
            if not typedef.keys:
                errors.append(
                    error(
                        "INTERFACE_OBJECT_USAGE_ERROR",
                        f"[{subgraph.name}] The @interfaceObject directive can only be applied to entity types "
                        f'but type "{typedef.name}" has no @key in this subgraph.',
                        subgraph.name,
                        typedef.node,
                    )
                )
            elif merged is not None and merged.kind is not Kind.INTERFACE:
                errors.append(
                    error(
                        "INTERFACE_OBJECT_USAGE_ERROR",
                        f'Type "{typedef.name}" is declared with @interfaceObject in all the subgraphs in which is '
                        "is defined",
                        subgraph.name,
                        typedef.node,
                    )
                )
    for merged in supergraph.types.values():
        if merged.kind not in (Kind.OBJECT, Kind.INTERFACE):
            continue
        for interface_name in merged.interfaces:
            interface = supergraph.types.get(interface_name)
            if interface is None or interface.kind is not Kind.INTERFACE:
                continue
            for field_name, field in interface.fields.items():
                if field_name in merged.fields:
                    continue
                implementing = [name for name in merged_graph_names(supergraph, merged.implements, interface_name)]
                errors.append(
                    error(
                        "INTERFACE_FIELD_NO_IMPLEM",
                        f'Interface field "{interface_name}.{field_name}" is declared in '
                        f'{subgraph_list(field.graphs)} but type "{merged.name}", which implements '
                        f'"{interface_name}" in {subgraph_list(implementing)} does not have field "{field_name}".',
                    )
                )
    return errors


def merged_graph_names(supergraph: Supergraph, implements: list[tuple[str, str]], interface: str) -> list[str]:
    """Subgraph names (not graph enum values) where a type declares it implements the interface."""
    by_graph = {value: name for value, name, _ in supergraph.graphs}
    return [by_graph.get(graph, graph) for graph, name in implements if name == interface]
