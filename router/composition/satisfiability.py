"""Satisfiability: every field of the API schema can be reached from a root through some subgraph path.

The walk is over states (type, subgraph, provided fields): a field edge stays in the subgraph, a key edge moves to
another subgraph where the type is an entity whose key the current subgraph can resolve, an abstract type edge goes
to its implementations in the same subgraph. From every reachable state, each field of the type must be resolvable
in the current subgraph or in one reachable from it by key jumps; otherwise the error shows an example query, as
Apollo's does. Iterative breadth-first walk: no recursion, shortest example paths.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import CompositionError, error
from .field_set import field_names, parse_field_set
from .model import Kind, Subgraph, TypeDef
from .supergraph_model import Supergraph
from .type_ref import named

ROOTS = ("Query", "Mutation", "Subscription")


@dataclass(frozen=True, slots=True)
class _State:
    type: str
    subgraph: str
    provided: frozenset[str]


class _Graph:
    """Per-subgraph lookups: which fields a subgraph resolves itself, and where each entity can be entered."""

    def __init__(self, supergraph: Supergraph, subgraphs: Sequence[Subgraph]) -> None:
        self.supergraph = supergraph
        self.subgraphs = {s.name: s for s in subgraphs}
        overridden: set[tuple[str, str, str]] = set()  # (subgraph, type, field) taken away by @override
        for subgraph in subgraphs:
            for typedef in subgraph.types.values():
                for field in typedef.fields.values():
                    if field.override and not field.external and field.override_label is None:
                        overridden.add((field.override, typedef.name, field.name))
        self.local: dict[tuple[str, str], frozenset[str]] = {}
        self.entry_keys: dict[str, list[tuple[str, list[str]]]] = {}  # type -> [(subgraph, key fields)]
        self.interface_objects: dict[str, list[str]] = {}  # interface -> subgraphs with an @interfaceObject
        for subgraph in subgraphs:
            for typedef in subgraph.types.values():
                self.local[(typedef.name, subgraph.name)] = frozenset(
                    f.name
                    for f in typedef.fields.values()
                    if not f.external and (subgraph.name, typedef.name, f.name) not in overridden
                )
                for key in typedef.keys:
                    parsed = parse_field_set(key.fields)
                    if key.resolvable and parsed is not None:
                        self.entry_keys.setdefault(typedef.name, []).append((subgraph.name, field_names(parsed)))
                if typedef.interface_object:
                    self.interface_objects.setdefault(typedef.name, []).append(subgraph.name)

    def typedef(self, state: _State) -> TypeDef | None:
        return self.subgraphs[state.subgraph].types.get(state.type)

    def resolvable_here(self, state: _State) -> frozenset[str]:
        return self.local.get((state.type, state.subgraph), frozenset()) | state.provided

    def jumps(self, state: _State) -> list[_State]:
        """Key edges: other subgraphs (and interface objects) this state can enter with a key it can resolve."""
        here = self.resolvable_here(state)
        targets = [(state.type, s, k) for s, k in self.entry_keys.get(state.type, [])]
        merged = self.supergraph.types.get(state.type)
        for interface in merged.interfaces if merged is not None else ():
            for s in self.interface_objects.get(interface, []):
                targets.extend((interface, s, k) for sub, k in self.entry_keys.get(interface, []) if sub == s)
        return [
            _State(type_name, subgraph, frozenset())
            for type_name, subgraph, key in targets
            if subgraph != state.subgraph and all(k in here for k in key)
        ]


def check(supergraph: Supergraph, subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    graph = _Graph(supergraph, subgraphs)
    parents: dict[_State, tuple[_State, str] | None] = {}
    queue: deque[_State] = deque()
    for root in ROOTS:
        for subgraph in subgraphs:
            if root in subgraph.types:
                state = _State(root, subgraph.name, frozenset())
                parents[state] = None
                queue.append(state)
    errors: list[CompositionError] = []
    reported: set[tuple[str, str]] = set()
    while queue:
        state = queue.popleft()
        typedef = graph.typedef(state)
        if typedef is None:
            continue
        merged = supergraph.types.get(state.type)
        if state.type not in ROOTS and merged is not None and typedef.kind is Kind.OBJECT:
            _check_fields(graph, state, merged.fields, parents, reported, errors)
        next_states: list[tuple[_State, str]] = []
        for field_name in graph.resolvable_here(state):
            field = typedef.fields.get(field_name)
            if field is None:
                continue
            target = graph.subgraphs[state.subgraph].types.get(named(field.type))
            if target is None or target.kind in (Kind.SCALAR, Kind.ENUM):
                continue
            provided: frozenset[str] = frozenset()
            if field.provides:
                parsed = parse_field_set(field.provides)
                provided = frozenset(field_names(parsed)) if parsed else frozenset()
            next_states.append((_State(target.name, state.subgraph, provided), field_name))
        if typedef.kind is Kind.INTERFACE:
            for other in graph.subgraphs[state.subgraph].types.values():
                if state.type in other.interfaces:
                    next_states.append((_State(other.name, state.subgraph, frozenset()), f"... on {other.name}"))
        elif typedef.kind is Kind.UNION:
            for member in typedef.members:
                next_states.append((_State(member, state.subgraph, frozenset()), f"... on {member}"))
        for jump in graph.jumps(state):
            if jump.type == state.type:
                next_states.append((jump, ""))
        for next_state, via in next_states:
            if next_state not in parents:
                parents[next_state] = (state, via)
                queue.append(next_state)
    return errors


def _check_fields(
    graph: _Graph,
    state: _State,
    fields: Mapping[str, object],
    parents: dict[_State, tuple[_State, str] | None],
    reported: set[tuple[str, str]],
    errors: list[CompositionError],
) -> None:
    available = set(graph.resolvable_here(state))
    missing = [f for f in fields if f not in available and not _hidden(graph, state.type, f)]
    if not missing:
        return
    # Fields reachable by key jumps from here (a closure over subgraphs, iteratively).
    seen = {state}
    pending = [state]
    while pending and missing:
        current = pending.pop()
        for jump in graph.jumps(current):
            if jump in seen:
                continue
            seen.add(jump)
            available |= graph.resolvable_here(jump)
            if jump.type == state.type:
                pending.append(jump)
        missing = [f for f in missing if f not in available]
    for field_name in missing:
        if (state.type, field_name) in reported:
            continue
        reported.add((state.type, field_name))
        owners = [s for (t, s), names in graph.local.items() if t == state.type and field_name in names]
        reason = (
            f'cannot move to subgraph "{owners[0]}", which has field "{state.type}.{field_name}", because no @key '
            f'of "{state.type}" resolvable in subgraph "{owners[0]}" can be resolved from subgraph "{state.subgraph}".'
            if owners
            else f'no subgraph can resolve field "{state.type}.{field_name}".'
        )
        errors.append(
            error(
                "SATISFIABILITY_ERROR",
                "The following supergraph API query:\n"
                + _example(parents, state, field_name)
                + "\ncannot be satisfied by the subgraphs because:\n"
                + f'- from subgraph "{state.subgraph}":\n'
                + f'  - cannot find field "{state.type}.{field_name}".\n'
                + f"  - {reason}",
            )
        )


def _hidden(graph: _Graph, type_name: str, field_name: str) -> bool:
    merged = graph.supergraph.types.get(type_name)
    field = merged.fields.get(field_name) if merged is not None else None
    return field is not None and any(a.name == "inaccessible" for a in field.applied)


def _example(parents: dict[_State, tuple[_State, str] | None], state: _State, field_name: str) -> str:
    path: list[str] = [field_name]
    current: _State | None = state
    root = state.type
    while current is not None:
        link = parents.get(current)
        root = current.type
        if link is None:
            break
        previous, via = link
        if via:
            path.append(via)
        current = previous
    path.reverse()
    operation = {"Query": "query", "Mutation": "mutation", "Subscription": "subscription"}.get(root, "query")
    lines = [operation + " {" if operation != "query" else "{"]
    for depth, segment in enumerate(path):
        indent = "  " * (depth + 1)
        lines.append(indent + segment + (" {" if depth < len(path) - 1 else ""))
    for depth in range(len(path) - 2, -1, -1):
        lines.append("  " * (depth + 1) + "}")
    lines.append("}")
    return "\n".join(lines)
