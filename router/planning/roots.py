"""Which subgraph serves each root field: the only one that can, else the one needing the fewest later fetches
(preferring one already queried), and a shareable field split across several subgraphs when that saves fetches.
Pure helpers of the planner."""

from __future__ import annotations

from dataclasses import replace

from router.planning.graph import CostModel, Labels, QueryGraph
from router.planning.operation import OpField, OpFragment, OpItem, PlanningError
from router.planning.plan import OperationKind


class RootChoice:
    """The subgraph (or, split, subgraphs) chosen for each root field, by the field's identity."""

    def __init__(self, graph: QueryGraph, costs: CostModel, labels: Labels) -> None:
        self.graph = graph
        self.costs = costs
        self.labels = labels
        self.chosen: dict[int, str] = {}
        self.splits: dict[int, dict[str, OpField]] = {}

    def choose(self, root_type: str, fields: list[OpField], kind: OperationKind) -> None:
        chosen, splits = self.chosen, self.splits
        candidates: dict[int, list[str]] = {}
        for field in fields:
            resolving = self._resolving(root_type, field.name)
            options = [g for g in resolving if self._root_cost(root_type, field, g) is not None]
            if not options:
                split = self._split(root_type, field, resolving, set(), None) if kind is OperationKind.QUERY else None
                if split is None:
                    raise PlanningError(f'no subgraph can resolve "{root_type}.{field.name}"')
                splits[id(field)] = split
                continue
            candidates[id(field)] = options
            if len(options) == 1:
                chosen[id(field)] = options[0]
        for field in fields:
            if id(field) in chosen or id(field) in splits:
                continue
            used = set(chosen.values())
            chosen[id(field)] = min(
                candidates[id(field)],
                key=lambda g, f=field: (  # type: ignore[misc]
                    self._root_cost(root_type, f, g),
                    g not in used,
                    self.graph.graph_order.index(g),
                ),
            )
        if kind is OperationKind.QUERY:
            used = set(chosen.values())
            for field in fields:
                cost = self._root_cost(root_type, field, chosen[id(field)]) if id(field) in chosen else None
                if cost:
                    split = self._split(root_type, field, self._resolving(root_type, field.name), used, cost)
                    if split is not None:
                        splits[id(field)] = split

    def _resolving(self, type_name: str, field_name: str) -> list[str]:
        join = self.graph.meta.field(type_name, field_name)
        graphs = join.resolving_graphs(self.labels) if join is not None else frozenset()
        return [g for g in self.graph.graph_order if g in graphs]

    def _split(
        self, type_name: str, field: OpField, candidates: list[str], used: set[str], limit: int | None
    ) -> dict[str, OpField] | None:
        """A shareable field (of a root or a value type) asked from several subgraphs at once, each for the part it
        serves best, when that needs fewer later fetches than `limit` (None: no single subgraph can serve it at all).
        The parts run in parallel (Apollo does the same)."""
        child, _ = self.graph.return_type(type_name, field.name)
        if not field.selections or self.graph.is_abstract(child) or len(candidates) < 2:
            return None
        parts: dict[str, list[OpItem]] = {}
        for item in field.selections:
            costs = {
                g: self.costs.cost(child, g, (item,), self.graph.provided_by(type_name, field.name, g))
                for g in candidates
            }
            options = [g for g in candidates if costs[g] is not None]
            best_cost = min((c for c in costs.values() if c is not None), default=None)
            if best_cost != 0 and isinstance(item, OpField):
                inner = [g for g in self._resolving(child, item.name) if g in candidates]
                nested = self._split(child, item, inner, used | set(parts), best_cost)
                if nested is not None:
                    for graph, part in nested.items():
                        parts.setdefault(graph, []).append(part)
                    continue
            if not options:
                return None
            best = min(
                options,
                key=lambda g: (costs[g], g not in parts, g not in used, self.graph.graph_order.index(g)),
            )
            parts.setdefault(best, []).append(item)
        if len(parts) < 2:
            return None
        split = {g: replace(field, selections=tuple(items)) for g, items in parts.items()}
        total = 0
        for graph, part in split.items():
            cost = self.costs.cost(child, graph, part.selections, self.graph.provided_by(type_name, field.name, graph))
            if cost is None:
                return None
            total += cost
        if limit is not None and total >= limit:
            return None
        return split

    def _root_cost(self, root_type: str, field: OpField, graph: str) -> int | None:
        return self.costs.cost(root_type, graph, (field,), None)


def root_fields(items: tuple[OpItem, ...]) -> list[OpField]:
    """The root fields of an operation, through its fragments (introspection fields excepted: never fetched)."""
    result: list[OpField] = []
    for item in items:
        if isinstance(item, OpFragment):
            result += root_fields(item.selections)
        elif not item.name.startswith("__"):
            result.append(item)
    return result


def restrict(items: tuple[OpItem, ...], ids: set[int], parts: dict[int, OpField]) -> tuple[OpItem, ...]:
    """The root items whose fields are in `ids` (fragments kept around the fields they still hold; a split field
    replaced by its part)."""
    result: list[OpItem] = []
    for item in items:
        if isinstance(item, OpFragment):
            inner = restrict(item.selections, ids, parts)
            if inner:
                result.append(OpFragment(item.type_condition, item.directives, inner))
        elif id(item) in ids:
            result.append(parts.get(id(item), item))
    return tuple(result)
