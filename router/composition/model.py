"""The subgraph model composition works on: one subgraph's types with federation directives already resolved.

Reading (`subgraph.py`) turns an SDL into this model once; rules only read it, and merge only adds the `Query` root
every federated subgraph has (it serves `_service`). Type references are plain strings in SDL notation
(`[String!]!`); `type_ref.py` reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from graphql.language import Node


def print_directive(name: str, arguments: Sequence[str]) -> str:
    """A directive application as the supergraph prints it: arguments on one line, or one per line past 80
    characters (The Guild's printer)."""
    if not arguments:
        return f"@{name}"
    line = "(" + ", ".join(arguments) + ")"
    if len(line) > 80:
        line = "(\n  " + "\n".join(arguments).replace("\n", "\n  ") + "\n)"
    return f"@{name}{line}"


class Kind(StrEnum):
    """The kind of a named type, spelled as the supergraph spells directive locations."""

    OBJECT = "OBJECT"
    INTERFACE = "INTERFACE"
    UNION = "UNION"
    ENUM = "ENUM"
    INPUT_OBJECT = "INPUT_OBJECT"
    SCALAR = "SCALAR"


@dataclass(frozen=True, slots=True)
class Applied:
    """A directive application carried into the supergraph as is (`@tag`, `@deprecated`, composed directives)."""

    name: str
    arguments: tuple[str, ...]  # each printed as `name: value`
    repeatable: bool = False
    composed: bool = False  # through @composeDirective: printed before the join directives
    # @requiresScopes / @policy: the OR-of-AND lists; @cost: the weight (merged across subgraphs, not just kept)
    data: tuple[tuple[str, ...], ...] | int | None = field(default=None, compare=False)

    def print(self) -> str:
        return print_directive(self.name, self.arguments)


@dataclass(slots=True)
class InputValueDef:
    """An argument or an input field."""

    name: str
    type: str
    default: str | None
    description: str | None
    applied: list[Applied]
    inaccessible: bool
    node: Node | None


@dataclass(slots=True)
class FieldDef:
    """An output field with its federation metadata."""

    name: str
    type: str
    args: dict[str, InputValueDef]
    description: str | None
    applied: list[Applied]
    node: Node | None
    external: bool = False
    shareable: bool = False
    inaccessible: bool = False
    requires: str | None = None
    provides: str | None = None
    override: str | None = None
    override_label: str | None = None
    requires_node: Node | None = None
    provides_node: Node | None = None
    override_node: Node | None = None
    upgraded_key: bool = False  # a Federation 1 `@external` key field of an extension, made local by the upgrade
    # arguments filled from a @context (`@fromContext`): (argument, type, qualified context, selection)
    context_args: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass(slots=True)
class EnumValueDef:
    """One enum value."""

    name: str
    description: str | None
    applied: list[Applied]
    inaccessible: bool
    node: Node | None


@dataclass(frozen=True, slots=True)
class KeyDef:
    """One `@key` application."""

    fields: str
    resolvable: bool
    extension: bool
    node: Node | None


@dataclass(slots=True)
class TypeDef:
    """A named type as one subgraph defines it (definition and extensions folded together)."""

    kind: Kind
    name: str
    description: str | None
    node: Node | None
    applied: list[Applied] = field(default_factory=list)
    fields: dict[str, FieldDef] = field(default_factory=dict)
    input_fields: dict[str, InputValueDef] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    values: dict[str, EnumValueDef] = field(default_factory=dict)
    keys: list[KeyDef] = field(default_factory=list)
    shareable: bool = False
    interface_object: bool = False
    inaccessible: bool = False
    extension_only: bool = False
    contexts: list[str] = field(default_factory=list)  # @context names, qualified `<subgraph>__<name>`
    extends_directive: bool = False  # Federation 1 `@extends`, unlike `extend type`, survives the upgrade


@dataclass(frozen=True, slots=True)
class DirectiveDefinition:
    """A custom directive definition kept through `@composeDirective`."""

    name: str
    sdl: str
    repeatable: bool
    locations: frozenset[str]


@dataclass(slots=True)
class Subgraph:
    """One subgraph, read and normalised."""

    name: str
    url: str
    version: str  # federation version, "v1.0" for Federation 1 subgraphs
    types: dict[str, TypeDef] = field(default_factory=dict)
    composed_directives: dict[str, DirectiveDefinition] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (url, printed @link) of composed directives
    enum_order: list[str] = field(default_factory=list)  # enums by first reference or definition (print order)

    @property
    def fed1(self) -> bool:
        return self.version == "v1.0"


@dataclass(frozen=True, slots=True)
class SubgraphSource:
    """The input of composition: a subgraph's name, routing URL and SDL."""

    name: str
    url: str
    sdl: str
