"""The composed supergraph before printing: merged types plus the `join__*` metadata per subgraph."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Applied, Kind


@dataclass(slots=True)
class JoinType:
    graph: str
    key: str | None = None
    extension: bool = False
    resolvable: bool = True
    interface_object: bool = False


@dataclass(slots=True)
class JoinField:
    graph: str | None
    type: str | None = None
    external: bool = False
    requires: str | None = None
    provides: str | None = None
    override: str | None = None
    override_label: str | None = None
    used_overridden: bool = False
    context_arguments: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass(slots=True)
class MergedArgument:
    name: str
    type: str
    default: str | None
    description: str | None
    applied: list[Applied]


@dataclass(slots=True)
class MergedField:
    name: str
    type: str
    description: str | None
    applied: list[Applied]
    args: dict[str, MergedArgument] = field(default_factory=dict)
    joins: list[JoinField] | None = None  # None: resolvable everywhere its type lives, no @join__field needed
    graphs: list[str] = field(default_factory=list)  # subgraphs that define it (external included)
    default: str | None = None  # input fields only


@dataclass(slots=True)
class MergedEnumValue:
    name: str
    description: str | None
    applied: list[Applied]
    graphs: list[str]


@dataclass(slots=True)
class MergedType:
    kind: Kind
    name: str
    description: str | None
    applied: list[Applied]
    joins: list[JoinType]
    fields: dict[str, MergedField] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    implements: list[tuple[str, str]] = field(default_factory=list)  # (graph, interface)
    members: list[str] = field(default_factory=list)
    member_joins: list[tuple[str, str]] = field(default_factory=list)  # (graph, member)
    values: dict[str, MergedEnumValue] = field(default_factory=dict)

    @property
    def inaccessible(self) -> bool:
        return any(a.name == "inaccessible" for a in self.applied)


@dataclass(slots=True)
class Supergraph:
    """Merged types in output order, the graph enum, and which specs are in use."""

    graphs: list[tuple[str, str, str]]  # (enum value, subgraph name, url)
    types: dict[str, MergedType]
    version: str
    directive_definitions: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
