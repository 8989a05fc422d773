"""The schema check and the publish decision, as pure functions of the variant's state and the proposal.

A check of a proposed subgraph SDL runs three steps, as GraphOS and Hive do:
1. composition of the proposal with every other current subgraph of the variant (every error with Apollo's code);
2. the changes of the resulting API schema against the variant's current one (breaking, dangerous, safe);
3. the recorded client operations: each operation valid today is validated against the new API schema (an operation
   that stops validating is "broken"), and each breaking change is judged against what the operations touch.
The check fails on composition errors, on broken operations and on breaking changes that some operation touches; a
breaking change no recorded operation touches is reported but passes, unless `fail_on_breaking` says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graphql import GraphQLError, GraphQLSchema

from registry.domain.changes import SchemaChange, Severity, schema_changes
from registry.domain.model import RecordedOperation
from registry.domain.operations import parse_operation
from registry.domain.usage import operation_coordinates, touches, validation_errors
from router.composition import CompositionError, CompositionResult, SubgraphSource, compose
from router.supergraph import api_schema, load_supergraph


@dataclass(frozen=True, slots=True)
class CheckedChange:
    """A schema change with the recorded operations it breaks; `blocking` when it fails the check."""

    change: SchemaChange
    affected: tuple[RecordedOperation, ...] = ()
    blocking: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            **self.change.to_dict(),
            "blocking": self.blocking,
            "affectedOperations": [op.to_dict() for op in self.affected],
        }


@dataclass(frozen=True, slots=True)
class BrokenOperation:
    """A recorded operation that validates against the current API schema but not against the new one."""

    operation: RecordedOperation
    errors: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {**self.operation.to_dict(), "errors": list(self.errors)}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Everything a check found; `ok` says whether CI may go on."""

    subgraph: str
    composition_errors: tuple[CompositionError, ...] = ()
    supergraph_sdl: str | None = None
    changes: tuple[CheckedChange, ...] = ()
    broken_operations: tuple[BrokenOperation, ...] = ()
    operations_checked: int = 0
    fail_on_breaking: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return (
            not self.composition_errors
            and not self.broken_operations
            and not any(change.blocking for change in self.changes)
        )

    def count(self, severity: Severity) -> int:
        return sum(1 for c in self.changes if c.change.severity is severity)

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "subgraph": self.subgraph,
            "compositionErrors": [e.to_dict() for e in self.composition_errors],
            "changes": [c.to_dict() for c in self.changes],
            "brokenOperations": [b.to_dict() for b in self.broken_operations],
            "operationsChecked": self.operations_checked,
            "failOnBreaking": self.fail_on_breaking,
            "summary": {s.value.lower(): self.count(s) for s in Severity},
            "notes": list(self.notes),
        }


def compose_for_routers(sources: Sequence[SubgraphSource]) -> CompositionResult:
    """Compose, then make sure routers can read the result (a launch they cannot load would stop their reloads)."""
    composed = compose(sorted(sources, key=lambda s: s.name))
    if composed.supergraph_sdl is None:
        return composed
    try:
        load_supergraph(composed.supergraph_sdl)
        api_schema(composed.supergraph_sdl)
    except (GraphQLError, ValueError, TypeError) as exc:
        problem = CompositionError("INVALID_SUPERGRAPH", f"the composed supergraph cannot be loaded: {exc}")
        return CompositionResult(None, (problem,))
    return composed


def compose_with(current: Sequence[SubgraphSource], proposed: SubgraphSource) -> CompositionResult:
    """Compose the proposal with every other current subgraph (the proposal replaces one of the same name)."""
    return compose_for_routers([*(s for s in current if s.name != proposed.name), proposed])


def _judge_operations(
    old: GraphQLSchema | None, new: GraphQLSchema, operations: Sequence[RecordedOperation]
) -> tuple[list[tuple[RecordedOperation, frozenset[str]]], list[BrokenOperation], int]:
    """Operations valid today with their coordinates, the ones the new schema breaks, and how many were judged."""
    in_use: list[tuple[RecordedOperation, frozenset[str]]] = []
    broken: list[BrokenOperation] = []
    judged = 0
    for operation in operations:
        document = parse_operation(operation.document)
        if old is not None and validation_errors(old, document):
            continue  # already invalid today: not this change's doing
        judged += 1
        if old is not None:
            in_use.append((operation, operation_coordinates(old, document)))
        errors = validation_errors(new, document)
        if errors:
            broken.append(BrokenOperation(operation, errors))
    return in_use, broken, judged


def run_check(
    *,
    current: Sequence[SubgraphSource],
    current_supergraph: str | None,
    proposed: SubgraphSource,
    operations: Sequence[RecordedOperation],
    fail_on_breaking: bool = False,
) -> CheckResult:
    """Check `proposed` against the variant (its current subgraphs, supergraph and recorded operations)."""
    composed = compose_with(current, proposed)
    if composed.supergraph_sdl is None:
        return CheckResult(proposed.name, composition_errors=composed.errors, fail_on_breaking=fail_on_breaking)
    new = api_schema(composed.supergraph_sdl)
    old = api_schema(current_supergraph) if current_supergraph is not None else None
    notes: list[str] = []
    if old is None:
        notes.append("the variant has no supergraph yet: there is nothing to compare with")
    in_use, broken, judged = _judge_operations(old, new, operations)
    skipped = len(operations) - judged
    if skipped:
        notes.append(f"{skipped} recorded operation(s) are already invalid against the current schema and were skipped")
    checked: list[CheckedChange] = []
    for change in schema_changes(old, new) if old is not None else ():
        if change.severity is not Severity.BREAKING:
            checked.append(CheckedChange(change))
            continue
        affected = tuple(op for op, coordinates in in_use if touches(coordinates, change.usage))
        checked.append(CheckedChange(change, affected, blocking=bool(affected) or fail_on_breaking))
    return CheckResult(
        proposed.name,
        supergraph_sdl=composed.supergraph_sdl,
        changes=tuple(checked),
        broken_operations=tuple(broken),
        operations_checked=judged,
        fail_on_breaking=fail_on_breaking,
        notes=tuple(notes),
    )
