"""Validation rules, one module per family; each returns coded errors and never raises."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import CompositionError
from ..model import Subgraph
from ..supergraph_model import Supergraph


def run_subgraph_rules(subgraph: Subgraph) -> list[CompositionError]:
    """Rules that need one subgraph only (keys, @external, @requires/@provides, @override, @interfaceObject)."""
    from . import external, keys, override, requires_provides

    errors: list[CompositionError] = []
    errors.extend(keys.check(subgraph))
    errors.extend(requires_provides.check(subgraph))
    errors.extend(external.check(subgraph))
    errors.extend(override.check_subgraph(subgraph))
    return errors


def run_supergraph_rules(
    supergraph: Supergraph, subgraphs: Sequence[Subgraph], *, check_satisfiability: bool
) -> list[CompositionError]:
    """Rules over the merged result (override across subgraphs, inaccessible, interfaces, satisfiability)."""
    from . import inaccessible, interfaces, override

    errors: list[CompositionError] = []
    errors.extend(override.check_across(subgraphs))
    errors.extend(interfaces.check(supergraph, subgraphs))
    errors.extend(inaccessible.check(supergraph))
    if not errors and check_satisfiability:
        from ..satisfiability import check as check_satisfiable

        errors.extend(check_satisfiable(supergraph, subgraphs))
    return errors
