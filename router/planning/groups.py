"""Fetch groups: the fetches a plan will make, their dependencies, and how they become plan nodes.

The planner fills groups while it walks the operation; this module then turns the dependency graph into
`Sequence`/`Parallel`/`Flatten`/`Fetch`/`Condition` nodes: a group's children that depend on it alone run in a
`Sequence` right after it (siblings in `Parallel`); a group with several parents runs once all of them are done.
Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graphql import VariableDefinitionNode, print_ast

from router.planning.operation import ConditionAtom
from router.planning.plan import (
    Condition,
    Fetch,
    Flatten,
    OperationKind,
    Parallel,
    PlanNode,
    Rewrite,
    Sequence,
    ValueSetter,
)
from router.planning.plan import InlineFragmentSelection as RequiresFragment
from router.planning.selection import FragmentEntry, SelectionBuilder


@dataclass(eq=False)
class FetchGroup:
    """One future fetch to one subgraph."""

    id: int
    graph: str  # join__Graph enum value
    service: str  # subgraph name
    merge_at: tuple[str, ...]  # response path the entity answers merge into ("@" = each list element)
    is_entity: bool
    kind: OperationKind = OperationKind.QUERY
    selection: SelectionBuilder = field(default_factory=SelectionBuilder)
    inputs: SelectionBuilder = field(default_factory=SelectionBuilder)  # entity fetches: the representation shape
    possible_types: dict[str, frozenset[str]] = field(default_factory=dict)  # input type condition -> object types
    input_rewrites: list[Rewrite] = field(default_factory=list)
    parents: list[FetchGroup] = field(default_factory=list)
    children: list[FetchGroup] = field(default_factory=list)
    conditions: frozenset[ConditionAtom] | None = None  # what every part of this fetch is conditioned on
    reuse_key: tuple[object, ...] | None = None

    def add_parent(self, parent: FetchGroup) -> None:
        if parent is self or parent in self.parents:
            return
        self.parents.append(parent)
        parent.children.append(self)

    def note_conditions(self, conditions: frozenset[ConditionAtom]) -> None:
        self.conditions = conditions if self.conditions is None else self.conditions & conditions

    def add_input(
        self, type_condition: str, possible_types: frozenset[str], *, rewrite_to: str | None
    ) -> SelectionBuilder:
        """The representation shape for objects of `type_condition` (or of `possible_types` when abstract); with
        `rewrite_to`, their `__typename` is replaced by it (an `@interfaceObject` knows only the interface)."""
        inputs = self.inputs.add_fragment(type_condition)
        if not inputs.entries:
            inputs.add_field("__typename")
        if possible_types != frozenset({type_condition}):
            self.possible_types[type_condition] = possible_types
        if rewrite_to is not None:
            value_setter = ValueSetter((f"... on {type_condition}", "__typename"), rewrite_to)
            if value_setter not in self.input_rewrites:
                self.input_rewrites.append(value_setter)
        return inputs


def merge_siblings(groups: list[FetchGroup]) -> list[FetchGroup]:
    """Merge entity groups that fetch from the same subgraph at the same path: first those after the same fetches
    (a `@requires` fetch and a plain one often are), then one whose inputs are all ready by the time the other runs
    (it waits a little, one request is saved, as Apollo does). Returns the groups that remain."""
    removed: set[int] = set()
    kept: dict[tuple[object, ...], FetchGroup] = {}
    for group in groups:
        if not group.is_entity:
            continue
        signature = (group.graph, group.merge_at, frozenset(p.id for p in group.parents))
        into = kept.get(signature)
        if into is None:
            kept[signature] = group
        else:
            _absorb(into, group)
            removed.add(group.id)
    remaining = [g for g in groups if g.id not in removed]
    for group in list(remaining):
        if group.is_entity and not group.children and group.selection.is_empty():
            remaining.remove(group)  # nothing left to fetch there
            for parent in group.parents:
                parent.children.remove(group)
    _drop_implied_parents(remaining)
    changed = True
    while changed:
        changed = False
        by_place: dict[tuple[str, tuple[str, ...]], list[FetchGroup]] = {}
        for group in remaining:
            if group.is_entity:
                by_place.setdefault((group.graph, group.merge_at), []).append(group)
        depth = _depths(remaining)
        longest = max(depth.values(), default=0)
        for siblings in by_place.values():
            for early in siblings:
                later = next(
                    (
                        g
                        for g in siblings
                        if g is not early
                        and _can_wait_for(early, g)
                        and depth[g.id] + _height(early) <= longest  # the plan gets no longer
                    ),
                    None,
                )
                if later is not None:
                    _absorb(later, early)
                    remaining.remove(early)
                    changed = True
                    break
            if changed:
                break
        if changed:
            _drop_implied_parents(remaining)
    return remaining


def _depths(groups: list[FetchGroup]) -> dict[int, int]:
    """How many fetches run before each group, at least (its longest chain of parents)."""
    depth: dict[int, int] = {}

    def visit(group: FetchGroup) -> int:
        if group.id not in depth:
            depth[group.id] = 1 + max((visit(p) for p in group.parents), default=-1)
        return depth[group.id]

    for group in groups:
        visit(group)
    return depth


def _height(group: FetchGroup) -> int:
    """The longest chain of fetches that wait for `group`."""
    return 1 + max((_height(c) for c in group.children), default=-1)


def _ancestors(group: FetchGroup) -> set[int]:
    seen: set[int] = set()
    stack = list(group.parents)
    while stack:
        parent = stack.pop()
        if parent.id not in seen:
            seen.add(parent.id)
            stack.extend(parent.parents)
    return seen


def _can_wait_for(early: FetchGroup, later: FetchGroup) -> bool:
    """Whether everything `early` depends on has run when `later` runs, and `later` does not depend on `early`."""
    later_ancestors = _ancestors(later)
    return early.id not in later_ancestors and all(p.id in later_ancestors for p in early.parents)


def _absorb(into: FetchGroup, group: FetchGroup) -> None:
    into.inputs.merge(group.inputs)
    into.selection.merge(group.selection)
    into.possible_types.update(group.possible_types)
    into.input_rewrites += [r for r in group.input_rewrites if r not in into.input_rewrites]
    if group.conditions is not None:
        into.note_conditions(group.conditions)
    for parent in group.parents:
        parent.children.remove(group)
    for child in group.children:
        child.parents = list(dict.fromkeys(into if p is group else p for p in child.parents))
        if child not in into.children:
            into.children.append(child)


def _drop_implied_parents(groups: list[FetchGroup]) -> None:
    """A parent that is also an ancestor of another parent adds nothing: dropping it lets the group run right after
    its nearest parent instead of waiting for a later stage."""
    for group in groups:
        if len(group.parents) < 2:
            continue
        implied = set()
        for parent in group.parents:
            stack = list(parent.parents)
            while stack:
                ancestor = stack.pop()
                if ancestor.id in implied:
                    continue
                implied.add(ancestor.id)
                stack.extend(ancestor.parents)
        dropped = [p for p in group.parents if p.id in implied]
        for parent in dropped:
            group.parents.remove(parent)
            parent.children.remove(group)


class PlanAssembler:
    """Turns filled groups into plan nodes and fetch operations."""

    def __init__(
        self,
        groups: list[FetchGroup],
        variable_definitions: tuple[VariableDefinitionNode, ...],
        operation_name: str | None,
    ) -> None:
        self._groups = groups
        self._variables = {v.variable.name.value: v for v in variable_definitions}
        self._variable_order = [v.variable.name.value for v in variable_definitions]
        self._operation_name = operation_name
        self._fetch_index = 0

    def sequential(self, roots: list[FetchGroup]) -> PlanNode | None:
        """Mutations: each root group (with what depends on it) finishes before the next starts."""
        done: set[int] = set()
        nodes: list[PlanNode] = []
        for root in roots:
            node = self.concurrent([root], done)
            if node is not None:
                nodes.append(node)
        return _sequence(nodes)

    def concurrent(self, roots: list[FetchGroup], done: set[int] | None = None) -> PlanNode | None:
        done = set() if done is None else done
        stages: list[PlanNode] = []
        ready = [g for g in roots if g.id not in done]
        while ready:
            emitted: list[FetchGroup] = []
            nodes = [self._subtree(g, emitted, done, frozenset()) for g in ready]
            stages.append(_parallel(nodes))
            seen: set[int] = set()
            ready = []
            for group in emitted:
                for child in group.children:
                    if child.id in done or child.id in seen:
                        continue
                    if all(p.id in done for p in child.parents):
                        seen.add(child.id)
                        ready.append(child)
        return _sequence(stages)

    def _subtree(
        self, group: FetchGroup, emitted: list[FetchGroup], done: set[int], inherited: frozenset[ConditionAtom]
    ) -> PlanNode:
        """`group`'s fetch, then (in a Sequence) the groups that depend on it alone. `inherited`: the conditions
        already decided by enclosing Condition nodes."""
        done.add(group.id)
        emitted.append(group)
        guaranteed = group.conditions or frozenset()
        wrapped = guaranteed - inherited
        if guaranteed:
            # Condition nodes decide these; the fetch no longer needs them on its top-level elements.
            tops = [e.selection for e in group.selection.entries.values() if isinstance(e, FragmentEntry)]
            for selection in [group.selection, *tops] if group.is_entity else [group.selection]:
                selection.strip_conditions(guaranteed)
        node: PlanNode = self._fetch_node(group)
        own = [c for c in group.children if c.id not in done and len(c.parents) == 1]
        if own:
            after = _parallel([self._subtree(c, emitted, done, inherited | guaranteed) for c in own])
            node = Sequence((node, *(after.nodes if isinstance(after, Sequence) else (after,))))
        for variable, passes in sorted(wrapped, reverse=True):
            node = Condition(variable, node, None) if passes else Condition(variable, None, node)
        return node

    def _fetch_node(self, group: FetchGroup) -> PlanNode:
        used: set[str] = set()
        group.selection.variables(used)
        variables = tuple(v for v in self._variable_order if v in used)
        definitions = [_variable_definition(self._variables[v]) for v in variables]
        name = None
        if self._operation_name:
            name = f"{self._operation_name}__{group.service}__{self._fetch_index}"
        self._fetch_index += 1
        if group.is_entity:
            definitions.insert(0, "$representations:[_Any!]!")
            body = "{_entities(representations:$representations)" + group.selection.to_text() + "}"
        else:
            body = group.selection.to_text()
        header = group.kind.value
        if name:
            header += " " + name
        if definitions:
            header += "(" + ",".join(definitions) + ")"
        operation = body if header == "query" else f"{header}{body}"
        requires = None
        if group.is_entity:
            requires = tuple(
                RequiresFragment(
                    s.type_condition, s.selections, group.possible_types.get(s.type_condition, frozenset())
                )
                if isinstance(s, RequiresFragment)
                else s
                for s in group.inputs.to_requires()
            )
        fetch = Fetch(
            service=group.service,
            operation=operation,
            operation_kind=group.kind,
            operation_name=name,
            variable_usages=variables,
            requires=requires,
            input_rewrites=tuple(group.input_rewrites),
        )
        return Flatten(group.merge_at, fetch) if group.is_entity else fetch


def _variable_definition(definition: VariableDefinitionNode) -> str:
    text = f"${definition.variable.name.value}:{print_ast(definition.type)}"
    if definition.default_value is not None:
        text += f"={print_ast(definition.default_value)}"
    return text


def _parallel(nodes: Iterable[PlanNode]) -> PlanNode:
    flat: list[PlanNode] = []
    for node in nodes:
        flat.extend(node.nodes if isinstance(node, Parallel) else (node,))
    return flat[0] if len(flat) == 1 else Parallel(tuple(flat))


def _sequence(nodes: list[PlanNode]) -> PlanNode | None:
    flat: list[PlanNode] = []
    for node in nodes:
        flat.extend(node.nodes if isinstance(node, Sequence) else (node,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else Sequence(tuple(flat))
