"""The join metadata of a supergraph: which subgraph defines and resolves what, as the query planner needs it.

Read once per supergraph from the `@join__*` directives (join v0.1 to v0.5; Fed 1 `@join__owner` included) and
kept per `Supergraph` object (`derived.py`). Pure: no I/O.

Rules the composers follow and this module encodes:
- a type with no `@join__type` (Fed 1 value types) is defined by every subgraph;
- a field with no `@join__field` is resolved by every subgraph that defines its type (in Fed 1: by the type's owner,
  plus the subgraphs whose keys name it);
- a field with `@join__field` directives is resolved only by the graphs they name, minus `external: true` and
  `usedOverridden: true` (those graphs know the field but do not resolve it), and a bare `@join__field` (no graph:
  fields an `@interfaceObject` adds to an implementation) is resolved by no subgraph directly;
- progressive `@override(label:)`: the overriding graph resolves the field when the label is enabled, the original
  graph when it is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphql import (
    BooleanValueNode,
    ConstValueNode,
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    EnumValueNode,
    FieldDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    parse,
)

from router.supergraph.derived import derived
from router.supergraph.links import LinkedSpec, find_spec
from router.supergraph.model import Supergraph


def parse_field_set(fields: str) -> SelectionSetNode:
    """A `join__FieldSet` string (`"id organization { id }"`) as a selection set."""
    operation = parse(f"{{{fields}}}", no_location=True).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation.selection_set


@dataclass(frozen=True)
class Key:
    """One `@key` of a type in one subgraph."""

    graph: str  # join__Graph enum value
    fields: str
    selection: SelectionSetNode
    resolvable: bool


@dataclass(frozen=True)
class TypeJoin:
    """Where a type lives."""

    name: str
    graphs: frozenset[str]  # graphs that define the type
    keys: tuple[Key, ...] = ()
    interface_object_in: frozenset[str] = frozenset()  # graphs where this interface is an @interfaceObject
    extension_in: frozenset[str] = frozenset()
    owner: str | None = None  # Fed 1 `@join__owner`
    implements: Mapping[str, frozenset[str]] = field(default_factory=dict)  # graph -> interfaces it implements there
    union_members: Mapping[str, frozenset[str]] = field(default_factory=dict)  # graph -> members (unions)

    def keys_in(self, graph: str, *, resolvable_only: bool = False) -> tuple[Key, ...]:
        return tuple(k for k in self.keys if k.graph == graph and (k.resolvable or not resolvable_only))

    def is_entity_in(self, graph: str) -> bool:
        return any(k.graph == graph for k in self.keys)


@dataclass(frozen=True)
class FieldInGraph:
    """One `@join__field(graph: ...)` of a field."""

    graph: str
    requires: str | None = None
    requires_selection: SelectionSetNode | None = None
    provides: str | None = None
    provides_selection: SelectionSetNode | None = None
    external: bool = False
    override: str | None = None  # the subgraph *name* this graph took the field from
    override_label: str | None = None
    used_overridden: bool = False
    type: str | None = None  # the field's type in this graph, when it differs from the supergraph's


@dataclass(frozen=True)
class FieldJoin:
    """Which subgraphs resolve a field, and how."""

    type_name: str
    name: str
    by_graph: Mapping[str, FieldInGraph]
    always: frozenset[str]  # graphs resolving it whatever the override labels
    when_label: Mapping[str, frozenset[str]]  # label -> graphs resolving it only when the label is enabled
    unless_label: Mapping[str, frozenset[str]]  # label -> graphs resolving it only when the label is disabled

    def resolving_graphs(self, labels: frozenset[str] = frozenset()) -> frozenset[str]:
        if not self.when_label and not self.unless_label:
            return self.always
        result = set(self.always)
        for label, graphs in self.when_label.items():
            if label in labels:
                result |= graphs
        for label, graphs in self.unless_label.items():
            if label not in labels:
                result |= graphs
        return frozenset(result)

    def in_graph(self, graph: str) -> FieldInGraph | None:
        return self.by_graph.get(graph)


@dataclass(frozen=True)
class JoinMetadata:
    """All join metadata of one supergraph."""

    graphs: Mapping[str, str]  # join__Graph enum value -> subgraph name
    types: Mapping[str, TypeJoin]
    fields: Mapping[tuple[str, str], FieldJoin]
    enum_values: Mapping[tuple[str, str], frozenset[str]]  # (enum, value) -> graphs that define the value

    @classmethod
    def from_supergraph(cls, supergraph: Supergraph) -> JoinMetadata:
        """The metadata of `supergraph`, computed on first use and kept as long as the supergraph lives."""
        return derived(supergraph, read_join_metadata)

    def type(self, name: str) -> TypeJoin:
        found = self.types.get(name)
        return found if found is not None else TypeJoin(name, frozenset(self.graphs))

    def field(self, type_name: str, field_name: str) -> FieldJoin | None:
        return self.fields.get((type_name, field_name))


def _args(directive: DirectiveNode) -> dict[str, ConstValueNode]:
    return {a.name.value: a.value for a in directive.arguments or ()}  # type: ignore[misc]


def _str(node: ConstValueNode | None) -> str | None:
    if isinstance(node, StringValueNode):
        return node.value
    if isinstance(node, EnumValueNode):
        return node.value
    return None


def _bool(node: ConstValueNode | None, default: bool = False) -> bool:
    return node.value if isinstance(node, BooleanValueNode) else default


_TYPE_NODES = (
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
)


class _Names:
    """Local names of the join directives (the spec may be linked under another prefix)."""

    def __init__(self, join: LinkedSpec) -> None:
        self.type = join.local_name("type")
        self.field = join.local_name("field")
        self.owner = join.local_name("owner")
        self.implements = join.local_name("implements")
        self.union_member = join.local_name("unionMember")
        self.enum_value = join.local_name("enumValue")


def read_join_metadata(supergraph: Supergraph) -> JoinMetadata:
    """Read every join directive of the supergraph (uncached; prefer `JoinMetadata.from_supergraph`)."""
    join = find_spec(list(supergraph.specs), "join")
    assert join is not None  # load_supergraph refuses a supergraph without it
    names = _Names(join)
    graphs = {enum: sub.name for enum, sub in supergraph.subgraphs.items()}
    all_graphs = frozenset(graphs)
    definitions: dict[str, list[TypeDefinitionNode | TypeExtensionNode]] = {}
    for definition in _type_definitions(supergraph.document):
        definitions.setdefault(definition.name.value, []).append(definition)

    types: dict[str, TypeJoin] = {}
    fields: dict[tuple[str, str], FieldJoin] = {}
    enum_values: dict[tuple[str, str], frozenset[str]] = {}
    for type_name, nodes in definitions.items():
        type_join = _read_type(type_name, nodes, names, all_graphs)
        types[type_name] = type_join
        key_fields: dict[str, set[str]] = {}
        for key in type_join.keys:
            for selection in key.selection.selections:
                name = getattr(selection, "name", None)
                if name is not None:
                    key_fields.setdefault(name.value, set()).add(key.graph)
        for node in nodes:
            if isinstance(node, EnumTypeDefinitionNode | EnumTypeExtensionNode):
                for value in node.values or ():
                    value_graphs = frozenset(
                        g
                        for d in value.directives or ()
                        if d.name.value == names.enum_value and (g := _str(_args(d).get("graph"))) is not None
                    )
                    enum_values[(type_name, value.name.value)] = value_graphs or type_join.graphs
                continue
            for field_node in getattr(node, "fields", None) or ():
                fields[(type_name, field_node.name.value)] = _read_field(
                    type_join, field_node, names, key_fields.get(field_node.name.value, set())
                )
    return JoinMetadata(graphs, types, fields, enum_values)


def _type_definitions(document: DocumentNode) -> list[TypeDefinitionNode | TypeExtensionNode]:
    return [d for d in document.definitions if isinstance(d, _TYPE_NODES)]


def _read_type(
    name: str, nodes: list[TypeDefinitionNode | TypeExtensionNode], names: _Names, all_graphs: frozenset[str]
) -> TypeJoin:
    graphs: set[str] = set()
    keys: list[Key] = []
    interface_object: set[str] = set()
    extension: set[str] = set()
    owner: str | None = None
    implements: dict[str, set[str]] = {}
    members: dict[str, set[str]] = {}
    saw_join_type = False
    for node in nodes:
        for directive in node.directives or ():
            args = _args(directive)
            graph = _str(args.get("graph"))
            if directive.name.value == names.type and graph is not None:
                saw_join_type = True
                graphs.add(graph)
                key = _str(args.get("key"))
                if key is not None:
                    keys.append(Key(graph, key, parse_field_set(key), _bool(args.get("resolvable"), True)))
                if _bool(args.get("isInterfaceObject")):
                    interface_object.add(graph)
                if _bool(args.get("extension")):
                    extension.add(graph)
            elif directive.name.value == names.owner and graph is not None:
                owner = graph
                graphs.add(graph)
            elif directive.name.value == names.implements and graph is not None:
                interface = _str(args.get("interface"))
                if interface is not None:
                    implements.setdefault(graph, set()).add(interface)
            elif directive.name.value == names.union_member and graph is not None:
                member = _str(args.get("member"))
                if member is not None:
                    members.setdefault(graph, set()).add(member)
    defined = frozenset(graphs) if saw_join_type or owner is not None else all_graphs
    if not implements:
        # Before join v0.2 there is no @join__implements: every defining graph sees the supergraph's interfaces.
        interfaces = {
            i.name.value
            for node in nodes
            if isinstance(node, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode)
            for i in node.interfaces or ()
        }
        if interfaces:
            implements = {g: set(interfaces) for g in defined}
    if not members:
        union_types = {
            t.name.value for node in nodes if isinstance(node, UnionTypeDefinitionNode) for t in node.types or ()
        }
        if union_types:
            members = {g: set(union_types) for g in defined}
    return TypeJoin(
        name=name,
        graphs=defined,
        keys=tuple(keys),
        interface_object_in=frozenset(interface_object),
        extension_in=frozenset(extension),
        owner=owner,
        implements={g: frozenset(v) for g, v in implements.items()},
        union_members={g: frozenset(v) for g, v in members.items()},
    )


def _read_field(
    type_join: TypeJoin,
    node: FieldDefinitionNode,
    names: _Names,
    key_graphs: set[str],
) -> FieldJoin:
    by_graph: dict[str, FieldInGraph] = {}
    saw_join_field = False
    for directive in node.directives or ():
        if directive.name.value != names.field:
            continue
        saw_join_field = True
        args = _args(directive)
        graph = _str(args.get("graph"))
        if graph is None:
            continue
        requires = _str(args.get("requires"))
        provides = _str(args.get("provides"))
        by_graph[graph] = FieldInGraph(
            graph=graph,
            requires=requires,
            requires_selection=parse_field_set(requires) if requires else None,
            provides=provides,
            provides_selection=parse_field_set(provides) if provides else None,
            external=_bool(args.get("external")),
            override=_str(args.get("override")),
            override_label=_str(args.get("overrideLabel")),
            used_overridden=_bool(args.get("usedOverridden")),
            type=_str(args.get("type")),
        )
    always: set[str] = set()
    when_label: dict[str, set[str]] = {}
    unless_label: dict[str, set[str]] = {}
    if not saw_join_field:
        always = {type_join.owner} if type_join.owner is not None else set(type_join.graphs)
    elif type_join.owner is not None and not by_graph:
        always = {type_join.owner}
    else:
        for graph, info in by_graph.items():
            if info.external or info.used_overridden:
                continue
            if info.override_label is not None:
                target = when_label if info.override is not None else unless_label
                target.setdefault(info.override_label, set()).add(graph)
            else:
                always.add(graph)
        if type_join.owner is not None and not any(not i.external for i in by_graph.values()):
            always.add(type_join.owner)
    # A graph can always return the fields of its own keys (it receives them in every representation).
    always |= key_graphs & set(type_join.graphs)
    return FieldJoin(
        type_name=type_join.name,
        name=node.name.value,
        by_graph=by_graph,
        always=frozenset(always),
        when_label={k: frozenset(v) for k, v in when_label.items()},
        unless_label={k: frozenset(v) for k, v in unless_label.items()},
    )
