"""Satisfiability: every field of the API schema can be reached from a root through some subgraph path.

As in Apollo's validation, the walk follows the supergraph (API) schema and carries, at each position, the set of
subgraph states the query planner could be in (type, subgraph, fields provided by a `@provides` on the way). A key
edge lets a state move to another subgraph where the type is an entity whose key the current subgraph resolves;
an abstract type explodes into its runtime types per subgraph. A field fails when no state, even after key jumps,
resolves it; the error shows an example query and, per subgraph, why. The walk is breadth-first over an explicit
queue (no recursion, shortest examples); positions already seen with the same states are not walked again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import CompositionError, error
from .field_set import field_names, parse_field_set
from .model import Applied, Kind, Subgraph
from .supergraph_model import MergedType, Supergraph
from .type_ref import named

ROOTS = {"Query": "query", "Mutation": "mutation", "Subscription": "subscription"}


@dataclass(frozen=True, slots=True)
class _State:
    type: str
    subgraph: str
    provided: frozenset[str]


Options = frozenset[_State]


@dataclass(frozen=True, slots=True)
class _Position:
    """Where the walk stands in the API schema, with the subgraph states that can be there."""

    type: str
    options: Options
    parent: _Position | None
    via: str  # the field (or `... on T`) that led here


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
        self.key_texts: dict[tuple[str, str], list[str]] = {}  # (type, subgraph) -> resolvable @key(fields:)
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
                        self.key_texts.setdefault((typedef.name, subgraph.name), []).append(key.fields)
                if typedef.interface_object:
                    self.interface_objects.setdefault(typedef.name, []).append(subgraph.name)
        self._closures: dict[Options, Options] = {}
        self._jumps: dict[_State, tuple[_State, ...]] = {}
        self._steps: dict[Options, dict[str, Options]] = {}
        self._requirements: dict[tuple[_State, str], bool] = {}

    def resolvable_here(self, state: _State) -> frozenset[str]:
        return self.local.get((state.type, state.subgraph), frozenset()) | state.provided

    def jumps(self, state: _State) -> tuple[_State, ...]:
        """Key edges to other subgraphs (and to interface objects) with a key this state can resolve."""
        cached = self._jumps.get(state)
        if cached is not None:
            return cached
        here = self.resolvable_here(state)
        targets = [(state.type, s, k) for s, k in self.entry_keys.get(state.type, [])]
        merged = self.supergraph.types.get(state.type)
        for interface in merged.interfaces if merged is not None else ():
            for s in self.interface_objects.get(interface, []):
                targets.extend((interface, s, k) for sub, k in self.entry_keys.get(interface, []) if sub == s)
        result = tuple(
            _State(type_name, subgraph, frozenset())
            for type_name, subgraph, key in targets
            if subgraph != state.subgraph and all(k in here for k in key)
        )
        self._jumps[state] = result
        return result

    def closure(self, options: Options) -> Options:
        """The states plus every state reachable from them by key jumps (iteratively)."""
        cached = self._closures.get(options)
        if cached is not None:
            return cached
        seen = set(options)
        pending = list(options)
        while pending:
            for jump in self.jumps(pending.pop()):
                if jump not in seen:
                    seen.add(jump)
                    pending.append(jump)
        result = frozenset(seen)
        self._closures[options] = result
        return result

    def steps(self, options: Options) -> dict[str, Options]:
        """For each field some state resolves, the states after selecting it (computed once per option set)."""
        cached = self._steps.get(options)
        if cached is not None:
            return cached
        out: dict[str, set[_State]] = {}
        for state in options:
            typedef = self.subgraphs[state.subgraph].types.get(state.type)
            if typedef is None:
                continue
            for field_name in self.resolvable_here(state):
                field = typedef.fields.get(field_name)
                if field is None or (field.requires and not self.requirements_met(state, field.requires)):
                    continue
                provided: frozenset[str] = frozenset()
                if field.provides:
                    parsed = parse_field_set(field.provides)
                    provided = frozenset(field_names(parsed)) if parsed else frozenset()
                out.setdefault(field_name, set()).add(_State(named(field.type), state.subgraph, provided))
        result = {name: frozenset(states) for name, states in out.items()}
        self._steps[options] = result
        return result

    def requirements_met(self, state: _State, requires: str) -> bool:
        """Whether a @requires of this state's subgraph can be fetched: each required field must be resolvable in a
        subgraph reachable by key jumps from this state (as Apollo and The Guild resolve conditions)."""
        key = (state, requires)
        cached = self._requirements.get(key)
        if cached is not None:
            return cached
        parsed = parse_field_set(requires)
        needed = field_names(parsed) if parsed else []
        entry = _State(state.type, state.subgraph, frozenset())
        reachable = [s for s in self.closure(frozenset({entry})) if s.type == state.type]
        met = all(any(name in self.resolvable_here(s) for s in reachable) for name in needed)
        self._requirements[key] = met
        return met

    def explode(self, options: Options, runtime_type: str) -> Options:
        """`... on runtime_type` from abstract-typed states: the states of that type in the same subgraphs."""
        out: set[_State] = set()
        for state in options:
            typedef = self.subgraphs[state.subgraph].types.get(state.type)
            if typedef is None:
                continue
            if state.type == runtime_type:
                out.add(state)
            elif runtime_type in typedef.members or (
                typedef.kind is Kind.INTERFACE
                and runtime_type in self.subgraphs[state.subgraph].types
                and state.type in self.subgraphs[state.subgraph].types[runtime_type].interfaces
            ):
                out.add(_State(runtime_type, state.subgraph, frozenset()))
        return frozenset(out)


def check(supergraph: Supergraph, subgraphs: Sequence[Subgraph]) -> list[CompositionError]:
    graph = _Graph(supergraph, subgraphs)
    queue: deque[_Position] = deque()
    for root in ROOTS:
        options = frozenset(_State(root, s.name, frozenset()) for s in subgraphs if root in s.types)
        if options and root in supergraph.types:
            queue.append(_Position(root, options, None, ""))
    seen: set[tuple[str, Options]] = set()
    errors: list[CompositionError] = []
    reported: set[tuple[str, str]] = set()
    while queue:
        position = queue.popleft()
        if (position.type, position.options) in seen:
            continue
        seen.add((position.type, position.options))
        merged = supergraph.types.get(position.type)
        if merged is None:
            continue
        closed = graph.closure(position.options)
        steps = graph.steps(closed)
        if merged.kind is Kind.UNION or merged.kind is Kind.INTERFACE:
            for runtime_type in _runtime_types(supergraph, merged):
                exploded = graph.explode(closed, runtime_type)
                if exploded:
                    queue.append(_Position(runtime_type, exploded, position, f"... on {runtime_type}"))
        for field_name, field in merged.fields.items():
            if _hidden(field.applied):
                continue
            after = steps.get(field_name)
            if not after and merged.kind is Kind.INTERFACE:
                continue  # resolved through type conditions on the implementations, checked there
            if not after:
                if (position.type, field_name) not in reported:
                    reported.add((position.type, field_name))
                    errors.append(_error(graph, position, closed, field_name))
                continue
            target = supergraph.types.get(named(field.type))
            if target is not None and target.kind not in (Kind.SCALAR, Kind.ENUM):
                queue.append(_Position(target.name, after, position, field_name))
    return errors


def _runtime_types(supergraph: Supergraph, merged: MergedType) -> list[str]:
    if merged.kind is Kind.UNION:
        return list(merged.members)
    return [t.name for t in supergraph.types.values() if t.kind is Kind.OBJECT and merged.name in t.interfaces]


def _hidden(applied: list[Applied]) -> bool:
    return any(a.name == "inaccessible" for a in applied)


def _error(graph: _Graph, position: _Position, closed: Options, field_name: str) -> CompositionError:
    coordinate = f"{position.type}.{field_name}"
    owners = sorted({s for (t, s), names in graph.local.items() if t == position.type and field_name in names})
    start = sorted({state.subgraph for state in position.options})
    jumped = sorted({state.subgraph for state in closed} - set(start))
    lines = []
    for subgraph in [*start, *jumped]:
        typedef = graph.subgraphs[subgraph].types.get(position.type)
        field = typedef.fields.get(field_name) if typedef is not None else None
        if field is not None and field.external:
            lines.append(
                f'- from subgraph "{subgraph}": field "{coordinate}" is not resolvable because marked @external.'
            )
            continue
        if field is not None and field.requires:
            lines.append(f'- from subgraph "{subgraph}": cannot satisfy @require conditions on field "{coordinate}".')
            continue
        moves: list[str] = []
        for owner in owners:
            if owner == subgraph or owner in jumped or owner in start:
                continue
            keys = graph.key_texts.get((position.type, owner), [])
            moves.extend(
                f'  - cannot move to subgraph "{owner}" using @key(fields: "{key}") of "{position.type}", the key '
                f'field(s) cannot be resolved from subgraph "{subgraph}".'
                for key in keys
            )
            if not keys:
                moves.append(
                    f'  - cannot move to subgraph "{owner}", which has field "{coordinate}", because type '
                    f'"{position.type}" has no @key defined in subgraph "{owner}".'
                )
        if moves:
            lines.extend([f'- from subgraph "{subgraph}":', f'  - cannot find field "{coordinate}".', *moves])
        else:
            lines.append(f'- from subgraph "{subgraph}": cannot find field "{coordinate}".')
    return error(
        "SATISFIABILITY_ERROR",
        "The following supergraph API query:\n"
        + _example(position, field_name)
        + "\ncannot be satisfied by the subgraphs because:\n"
        + "\n".join(lines),
    )


def _example(position: _Position, field_name: str) -> str:
    path: list[str] = [field_name]
    current: _Position | None = position
    root = position.type
    while current is not None:
        if current.parent is None:
            root = current.type
        else:
            path.append(current.via)
        current = current.parent
    path.reverse()
    lines = ["{" if ROOTS.get(root, "query") == "query" else ROOTS[root] + " {"]
    for depth, segment in enumerate(path):
        lines.append("  " * (depth + 1) + segment + (" {" if depth < len(path) - 1 else ""))
    lines.extend("  " * (depth + 1) + "}" for depth in range(len(path) - 2, -1, -1))
    lines.append("}")
    return "\n".join(lines)
