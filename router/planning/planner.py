"""The query planner: (supergraph, operation) -> `QueryPlan`.

It walks the operation once, keeping a position: a fetch group (one future request to one subgraph), the place in
that group's selection, the type there, the subgraph, and the response path. A field the subgraph can resolve (and
whose whole sub-selection it can serve, jumping further down if need be) stays in the group: staying is preferred
for `@shareable` fields. The rest of a position's fields are grouped by the subgraph that serves most of them
through the fewest `@key` jumps (the query graph's breadth-first routes, several jumps when the key is not known
where we stand), and planned there in an entity fetch that depends on the current one. A `@requires` field first
plans its required fields from the current position, then gets its own entity fetch that depends on every fetch
those fields landed in. Groups are then assembled into plan nodes (see `groups`); root fields are assigned to
subgraphs by `roots`, entity-fetch inputs are shaped with `requirements`. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from graphql import (
    DocumentNode,
    SelectionSetNode,
)

from router.planning.graph import CostModel, Hop, Labels, Node, Provided, QueryGraph
from router.planning.groups import FetchGroup, PlanAssembler, merge_siblings
from router.planning.operation import (
    ConditionAtom,
    OpField,
    OpFragment,
    OpItem,
    PlanningError,
    conditions_of,
    normalize_operation,
)
from router.planning.plan import OperationKind, QueryPlan
from router.planning.requirements import (
    add_aliased,
    clashing_key_fields,
    clashing_requirements,
    condition_directives,
    rename_requirements,
    requirement_items,
    within_inputs,
)
from router.planning.roots import RootChoice, restrict, root_fields
from router.planning.selection import SelectionBuilder
from router.supergraph.model import Supergraph

__all__ = ["PlanningError", "build_plan"]


def build_plan(
    supergraph: Supergraph,
    document: DocumentNode,
    operation_name: str | None,
    *,
    override_labels: frozenset[str] = frozenset(),
) -> QueryPlan:
    """Plan the operation `operation_name` of `document` (already validated against `supergraph.api_schema`).

    `override_labels` are the progressive `@override` labels enabled for this plan (none by default: the original
    subgraph keeps such fields).
    """
    operation = normalize_operation(document, operation_name)
    if operation.kind == "subscription":
        raise PlanningError("subscriptions are not supported")
    planner = _Planner(QueryGraph.of(supergraph), override_labels)
    root_type = supergraph.schema.mutation_type if operation.kind == "mutation" else supergraph.schema.query_type
    if root_type is None:
        raise PlanningError(f"the supergraph has no {operation.kind} type")
    kind = OperationKind.MUTATION if operation.kind == "mutation" else OperationKind.QUERY
    try:
        roots = planner.plan_root(root_type.name, operation.selections, kind)
        assembler = PlanAssembler(merge_siblings(planner.groups), operation.variable_definitions, operation.name)
        node = assembler.sequential(roots) if kind is OperationKind.MUTATION else assembler.concurrent(roots)
    except RecursionError:
        # Anything graphql-core parses (it stops nesting at a few hundred levels) plans; this is a last guard.
        raise PlanningError("the operation is nested too deeply to plan") from None
    return QueryPlan(node)


@dataclass(frozen=True)
class _Position:
    group: FetchGroup
    selection: SelectionBuilder
    type_name: str
    graph: str
    path: tuple[str, ...]
    provided: Provided | None
    conditions: frozenset[ConditionAtom]
    entity_root: bool = False  # directly under an entity fetch's `... on T`: `__typename` is already known


class _Planner:
    def __init__(self, graph: QueryGraph, labels: Labels) -> None:
        self.graph = graph
        self.labels = labels
        self.costs = CostModel(graph, labels)
        self.groups: list[FetchGroup] = []
        self._reuse: dict[tuple[object, ...], FetchGroup] = {}
        self._touched: list[set[int]] = []
        self._requires_items: dict[int, tuple[OpItem, ...]] = {}
        self._splits: dict[int, dict[str, OpField]] = {}
        self._pending: list[list[tuple[_Position, list[OpItem], tuple[OpItem, ...]]]] = []

    # --- groups --------------------------------------------------------------------------------------------

    def _new_group(
        self, graph: str, merge_at: tuple[str, ...], *, entity: bool, kind: OperationKind = OperationKind.QUERY
    ) -> FetchGroup:
        group = FetchGroup(len(self.groups), graph, self.graph.graph_names[graph], merge_at, entity, kind)
        self.groups.append(group)
        return group

    def _touch(self, group: FetchGroup, conditions: frozenset[ConditionAtom]) -> None:
        group.note_conditions(conditions)
        for touched in self._touched:
            touched.add(group.id)

    # --- root ----------------------------------------------------------------------------------------------

    def plan_root(self, root_type: str, items: tuple[OpItem, ...], kind: OperationKind) -> list[FetchGroup]:
        fields = root_fields(items)
        choice = RootChoice(self.graph, self.costs, self.labels)
        choice.choose(root_type, fields, kind)
        chosen, splits = choice.chosen, choice.splits
        self._splits = splits
        roots: list[FetchGroup] = []
        if kind is OperationKind.MUTATION:
            runs: list[tuple[str, set[int]]] = []
            for field in fields:
                graph = chosen[id(field)]
                if runs and runs[-1][0] == graph:
                    runs[-1][1].add(id(field))
                else:
                    runs.append((graph, {id(field)}))
            for graph, ids in runs:
                roots.append(self._plan_root_group(root_type, graph, items, ids, kind))
        else:
            by_graph: dict[str, set[int]] = {}
            for field in fields:
                for graph in splits[id(field)] if id(field) in splits else (chosen[id(field)],):
                    by_graph.setdefault(graph, set()).add(id(field))
            for graph, ids in by_graph.items():
                roots.append(self._plan_root_group(root_type, graph, items, ids, kind))
        return roots

    def _plan_root_group(
        self, root_type: str, graph: str, items: tuple[OpItem, ...], ids: set[int], kind: OperationKind
    ) -> FetchGroup:
        group = self._new_group(graph, (), entity=False, kind=kind)
        position = _Position(group, group.selection, root_type, graph, (), None, frozenset())
        self._plan_items(position, restrict(items, ids, {k: v[graph] for k, v in self._splits.items() if graph in v}))
        return group

    # --- walking -------------------------------------------------------------------------------------------

    def _plan_items(self, position: _Position, items: tuple[OpItem, ...], *, in_fragment: bool = False) -> None:
        """Plan `items` at `position`: local fields now, the others once every fragment of this selection has been
        walked (so jumps are planned in the client's order: this level's first, then its fragments')."""
        if not in_fragment:
            self._pending.append([])
        remote: list[OpItem] = []
        self._pending[-1].append((position, remote, items))
        for item in items:
            if isinstance(item, OpFragment):
                self._plan_fragment(position, item, remote)
            else:
                self._plan_field(position, item, remote)
        if not in_fragment:
            for where, fields, siblings in self._pending.pop():
                if fields:
                    self._plan_remote(where, fields, siblings)

    def _plan_fragment(self, position: _Position, fragment: OpFragment, remote: list[OpItem]) -> None:
        graph, type_name = position.graph, position.type_name
        condition = fragment.type_condition
        conditions = position.conditions | conditions_of(fragment.directives)
        abstract = self.graph.is_abstract(type_name)
        if (
            condition is None
            or condition == type_name
            or (not abstract and type_name in self.graph.possible_types(condition))
        ):
            selection = position.selection
            if fragment.directives:
                selection = selection.add_fragment(condition if condition == type_name else None, fragment.directives)
            self._plan_items(
                replace(position, selection=selection, conditions=conditions), fragment.selections, in_fragment=True
            )
            return
        if not abstract:
            return  # an object type outside the condition: nothing to select
        if self.graph.is_interface_object(type_name, graph):
            remote.append(fragment)
            return
        targets: list[str]
        if self.graph.is_abstract(condition):
            overlap = self.graph.possible_in(condition, graph) & self.graph.possible_in(type_name, graph)
            if not overlap:
                return
            known = graph in self.graph.meta.type(condition).graphs
            targets = [condition] if known else sorted(overlap)
        else:
            if condition not in self.graph.possible_in(type_name, graph):
                return  # this subgraph never returns that type here
            targets = [condition]
        for target in targets:
            selection = position.selection.add_fragment(target, fragment.directives)
            self._plan_items(
                replace(position, selection=selection, type_name=target, conditions=conditions),
                fragment.selections,
                in_fragment=True,
            )

    def _plan_field(self, position: _Position, field: OpField, remote: list[OpItem]) -> None:
        graph, type_name = position.graph, position.type_name
        conditions = position.conditions | conditions_of(field.directives)
        abstract = self.graph.is_abstract(type_name)
        interface_object = abstract and self.graph.is_interface_object(type_name, graph)
        if field.name == "__typename":
            if interface_object:
                remote.append(field)
                return
            position.selection.add_field("__typename", field.alias, (), field.directives)
            self._touch(position.group, conditions)
            return
        if field.name.startswith("__"):
            return  # introspection is answered by the router, never fetched
        if (
            abstract
            and not interface_object
            and not self.graph.interface_field_local(type_name, field.name, graph, self.labels)
        ):
            if self.graph.field_targets(type_name, field, graph, self.labels):
                remote.append(field)
                return
            for object_type in sorted(self.graph.possible_in(type_name, graph)):
                self._plan_fragment(position, OpFragment(object_type, (), (field,)), remote)
            return
        provided = position.provided
        in_provides = provided is not None and field.name in provided
        if not in_provides:
            if not self.graph.resolvable(type_name, field.name, graph, self.labels):
                remote.append(field)
                return
            if self.graph.requires_in(type_name, field.name, graph) is not None:
                remote.append(field)
                return
        sub_provided = (
            provided[field.name]
            if provided is not None and in_provides
            else self.graph.provided_by(type_name, field.name, graph)
        )
        if field.selections:
            child, _ = self.graph.return_type(type_name, field.name)
            if self.costs.cost(child, graph, field.selections, sub_provided) is None:
                remote.append(field)
                return
        self._add_local(position, field, sub_provided)

    def _add_local(self, position: _Position, field: OpField, provided: Provided | None) -> None:
        conditions = position.conditions | conditions_of(field.directives)
        entry = position.selection.add_field(
            field.name, field.alias, field.arguments, field.directives, composite=bool(field.selections)
        )
        self._touch(position.group, conditions)
        if not field.selections or entry.selection is None:
            return
        child, depth = self.graph.return_type(position.type_name, field.name)
        if self.graph.is_abstract(child):
            entry.selection.add_field("__typename")
        child_position = _Position(
            position.group,
            entry.selection,
            child,
            position.graph,
            (*position.path, field.response_key, *("@",) * depth),
            provided,
            conditions,
        )
        self._plan_items(child_position, field.selections)

    # --- jumps ---------------------------------------------------------------------------------------------

    def _plan_remote(self, position: _Position, items: list[OpItem], siblings: tuple[OpItem, ...]) -> None:
        graph, type_name = position.graph, position.type_name
        routes = self.graph.routes(type_name, graph, self.labels)
        options: list[tuple[OpItem, list[Node]]] = []
        for item in items:
            targets = [
                t for t in self.graph.field_targets(type_name, item, graph, self.labels) if self._serves(t, item)
            ]
            if not targets:
                what = item.name if isinstance(item, OpField) else f"... on {item.type_condition}"
                subgraph = self.graph.graph_names[graph]
                raise PlanningError(f'cannot plan "{type_name}.{what}" from subgraph "{subgraph}"')
            options.append((item, targets))
        while options:
            counts: dict[Node, int] = {}
            for _item, targets in options:
                for target in targets:
                    counts[target] = counts.get(target, 0) + 1
            best = min(
                counts,
                key=lambda t: (
                    len(routes[t]),
                    -counts[t],
                    self.graph.graph_order.index(t[0]),
                ),
            )
            chosen = [item for item, targets in options if best in targets]
            options = [(item, targets) for item, targets in options if best not in targets]
            plain: list[OpItem] = []
            for item in chosen:
                if isinstance(item, OpField) and self.graph.requires_in(best[1], item.name, best[0]) is not None:
                    self._plan_requires(position, item, routes[best], siblings)
                else:
                    plain.append(item)
            if plain:
                hops = routes[best]
                if best == (graph, type_name):
                    raise PlanningError(f'cannot plan "{type_name}" fields from subgraph "{graph}"')
                self._plan_items(self._jump(position, hops), tuple(plain))

    def _serves(self, target: Node, item: OpItem) -> bool:
        if not isinstance(item, OpField) or not item.selections:
            return True
        target_graph, target_type = target
        child, _ = self.graph.return_type(target_type, item.name)
        provided = self.graph.provided_by(target_type, item.name, target_graph)
        return self.costs.cost(child, target_graph, item.selections, provided) is not None

    def _add_key(self, position: _Position, hop: Hop) -> dict[str, str]:
        """Select the key where we stand; returns the key fields fetched under an alias (the client uses their
        names for something else there): field name -> alias."""
        if position.entity_root and within_inputs(hop.key.selection, position.group):
            return {}  # the objects already hold the key: their representations were made of it
        if not position.entity_root:
            position.selection.add_field("__typename")
        renamed = clashing_key_fields(hop.key.selection, position.selection)
        if renamed:
            add_aliased(position.selection, hop.key.selection, renamed)
        else:
            position.selection.add_selection_set(hop.key.selection, front=True)
        self._touch(position.group, position.conditions)
        return renamed

    def _entity_position(
        self,
        group: FetchGroup,
        source: _Position,
        hop: Hop,
        requires: SelectionSetNode | None = None,
        *,
        key_first: bool = True,
    ) -> _Position:
        rewrite = self.graph.is_abstract(hop.type_name) and self.graph.is_interface_object(hop.type_name, hop.graph)
        if rewrite and not self.graph.is_abstract(source.type_name):
            # Objects of one concrete type enter an @interfaceObject: only they are sent, renamed to the interface.
            inputs = group.add_input(source.type_name, frozenset({source.type_name}), rewrite_to=hop.type_name)
        else:
            possible = self.graph.possible_types(hop.type_name)
            inputs = group.add_input(
                hop.type_name,
                possible | {hop.type_name} if rewrite else possible,
                rewrite_to=hop.type_name if rewrite else None,
            )
        # Apollo lists the key first when the requirements come from the key's own fetch, else after them.
        for field_set in (hop.key.selection, requires) if key_first else (requires, hop.key.selection):
            if field_set is not None:
                inputs.add_selection_set(field_set)
        selection = group.selection.add_fragment(hop.type_name, condition_directives(source.conditions))
        return _Position(group, selection, hop.type_name, hop.graph, source.path, None, source.conditions, True)

    def _jump(self, position: _Position, hops: tuple[Hop, ...]) -> _Position:
        current = position
        for hop in hops:
            renamed = self._add_key(current, hop)
            reuse_key = (hop.graph, current.path, current.group.id, "plain")
            group = self._reuse.get(reuse_key)
            if group is None:
                group = self._new_group(hop.graph, current.path, entity=True)
                group.add_parent(current.group)
                self._reuse[reuse_key] = group
            current = self._entity_position(group, current, hop)
            if renamed:
                rename_requirements(group, renamed)
            if self.graph.is_abstract(hop.type_name) and not self.graph.is_interface_object(hop.type_name, hop.graph):
                # An interface entity: its subgraph knows the concrete type (an @interfaceObject source did not).
                current.selection.add_field("__typename")
        return current

    def _plan_requires(
        self, position: _Position, field: OpField, hops: tuple[Hop, ...], siblings: tuple[OpItem, ...]
    ) -> None:
        last = hops[-1]
        requires = self.graph.requires_in(last.type_name, field.name, last.graph)
        assert requires is not None
        items = self._requires_items.get(id(requires))
        if items is None:
            items = requirement_items(requires)
            self._requires_items[id(requires)] = items
        renamed = clashing_requirements(items, position.selection, siblings)
        if renamed:
            # A required field with other arguments than the client's field of the same name is fetched under an
            # alias; the representation takes it back under its own name (an input KeyRenamer).
            items = tuple(
                replace(item, alias=renamed[item.name]) if isinstance(item, OpField) and item.name in renamed else item
                for item in items
            )
        touched: set[int] = set()
        self._touched.append(touched)
        try:
            self._plan_items(position, items)
        finally:
            self._touched.pop()
        for outer in self._touched:
            outer |= touched
        source = self._jump(position, hops[:-1]) if len(hops) > 1 else position
        renamed_key = self._add_key(source, last)
        parents = [source.group, *(self.groups[i] for i in sorted(touched) if i != source.group.id)]
        reuse_key = (last.graph, source.path, frozenset(p.id for p in parents), "requires")
        group = self._reuse.get(reuse_key)
        if group is None:
            group = self._new_group(last.graph, source.path, entity=True)
            for parent in parents:
                group.add_parent(parent)
            self._reuse[reuse_key] = group
        target = self._entity_position(group, source, last, requires, key_first=len(parents) == 1)
        if renamed or renamed_key:
            rename_requirements(group, {**renamed, **renamed_key})
        self._add_local(target, field, self.graph.provided_by(last.type_name, field.name, last.graph))
