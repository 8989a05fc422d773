"""Composition entry point: subgraph SDLs in, the supergraph SDL or every composition error out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .errors import CompositionError, error
from .merge import Merger
from .model import Subgraph, SubgraphSource
from .printer import print_supergraph
from .rules import run_subgraph_rules, run_supergraph_rules
from .subgraph import read_subgraph


@dataclass(frozen=True, slots=True)
class CompositionResult:
    """Either `supergraph_sdl` is set and `errors` is empty, or the other way round."""

    supergraph_sdl: str | None
    errors: tuple[CompositionError, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.supergraph_sdl is not None


def _prefixed(found: CompositionError, subgraph: str) -> CompositionError:
    """Errors of one subgraph read `[name] ...`, as Apollo's do (syntax errors excepted, as there)."""
    prefix = f"[{subgraph}] "
    if found.message.startswith(prefix) or found.message.startswith("Syntax Error"):
        return found
    return replace(found, message=prefix + found.message)


def compose(sources: Sequence[SubgraphSource], *, check_satisfiability: bool = True) -> CompositionResult:
    """Compose Federation 2 (or upgraded Federation 1) subgraphs into a supergraph."""
    errors: list[CompositionError] = []
    names = [s.name for s in sources]
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(error("INVALID_SUBGRAPH_NAME", f'A subgraph named "{name}" already exists', name))
    subgraphs: list[Subgraph] = []
    for source in sources:
        subgraph, found = read_subgraph(source)
        if subgraph is not None:
            found = [*found, *run_subgraph_rules(subgraph)]
            subgraphs.append(subgraph)
        errors.extend(_prefixed(e, source.name) for e in found)
    if errors:
        return CompositionResult(None, tuple(errors))
    merger = Merger(subgraphs)
    supergraph = merger.merge()
    errors.extend(merger.errors)
    if not errors:
        errors.extend(run_supergraph_rules(supergraph, subgraphs, check_satisfiability=check_satisfiability))
    if errors:
        return CompositionResult(None, tuple(errors))
    return CompositionResult(print_supergraph(supergraph))
