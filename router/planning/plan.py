"""The query plan as plain data.

A plan is a tree of nodes, shaped like Apollo's and Hive Router's plans so that people who know those read ours:

- `Fetch`: one request to one subgraph. A root fetch sends `operation` as is; an entity fetch (`requires` set) first
  collects representations from the objects at the current path, sends them as `$representations` to `_entities`,
  and merges the answers back into those objects.
- `Flatten`: runs its node at `path` inside the response so far (`@` in a path means "every element of the list").
- `Sequence`: children one after another (a later one may need what an earlier one fetched).
- `Parallel`: children at the same time.
- `Condition`: `if_clause` when the Boolean variable is true, else `else_clause` (from `@skip`/`@include`).

Everything is frozen: a plan is computed once, cached, and shared by every request that runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias


class OperationKind(StrEnum):
    """What a fetch is, for the subgraph."""

    QUERY = "query"
    MUTATION = "mutation"


@dataclass(frozen=True)
class FieldSelection:
    """A field in a representation shape (`requires`): what to copy from a fetched object into a representation."""

    name: str  # response key in the data fetched so far (aliases are never used in requires shapes)
    selections: tuple[Selection, ...] = ()


@dataclass(frozen=True)
class InlineFragmentSelection:
    """`... on Type { ... }` in a representation shape: applies to objects whose `__typename` is `type_condition`
    (or, for an abstract type condition, one of `possible_types`)."""

    type_condition: str
    selections: tuple[Selection, ...]
    possible_types: frozenset[str] = frozenset()


Selection: TypeAlias = FieldSelection | InlineFragmentSelection


@dataclass(frozen=True)
class ValueSetter:
    """A rewrite applied to representations (input) or fetched data (output): at `path` (type conditions written
    `... on T`, then field names), set the value to `set_value_to`. Used for `@interfaceObject`, where the subgraph
    knows an interface's name where the client sees an object type, and for aliased fields."""

    path: tuple[str, ...]
    set_value_to: str


@dataclass(frozen=True)
class KeyRenamer:
    """An output rewrite: rename the response key at `path` to `rename_key_to` (for fields fetched under an alias to
    avoid a clash, such as `@requires` of a field with arguments)."""

    path: tuple[str, ...]
    rename_key_to: str


Rewrite: TypeAlias = ValueSetter | KeyRenamer


@dataclass(frozen=True)
class Fetch:
    """One request to one subgraph."""

    service: str  # subgraph name as in join__Graph
    operation: str  # the GraphQL document sent, printed once at planning time
    operation_kind: OperationKind = OperationKind.QUERY
    operation_name: str | None = None
    variable_usages: tuple[str, ...] = ()  # client variables the operation declares and forwards
    requires: tuple[Selection, ...] | None = None  # set for an entity fetch: the shape of each representation
    input_rewrites: tuple[Rewrite, ...] = ()
    output_rewrites: tuple[Rewrite, ...] = ()
    id: int | None = None  # stable within one plan; printed, handy for debugging


@dataclass(frozen=True)
class Flatten:
    """Run `node` at `path` of the response built so far."""

    path: tuple[str, ...]  # response keys; "@" = each element of a list
    node: PlanNode


@dataclass(frozen=True)
class Sequence:
    """Children in order."""

    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True)
class Parallel:
    """Children concurrently."""

    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True)
class Condition:
    """Branch on a Boolean variable (from `@skip(if: $v)` / `@include(if: $v)`)."""

    variable: str
    if_clause: PlanNode | None
    else_clause: PlanNode | None


PlanNode: TypeAlias = Fetch | Flatten | Sequence | Parallel | Condition


@dataclass(frozen=True)
class QueryPlan:
    """The whole plan of one operation; `node` is None when nothing needs fetching (e.g. only `__typename`)."""

    node: PlanNode | None
