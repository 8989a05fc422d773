"""What the supergraph requires of a caller, read once per supergraph from its authorization directives. Pure.

`@authenticated`, `@requiresScopes(scopes: [[...]])` and `@policy(policies: [[...]])` may sit on object, interface,
scalar and enum types and on fields. Their local names follow the supergraph's `@link`s (a spec linked with `as:` or
an import renamed with `{name:, as:}` is honoured); a supergraph that uses the plain names without linking the specs
is read with the plain names, so an unlinked `@authenticated` still protects (fail closed).

A `Requirement` is satisfied by claims when the caller is authenticated (if asked), holds every scope of at least one
scope group (outer list OR, inner list AND), and passes every policy of at least one policy group. Scope and policy
requirements imply authentication: an anonymous caller holds no scopes and passes no policies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graphql import (
    ConstValueNode,
    DirectiveNode,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    ListValueNode,
    StringValueNode,
)

from router.supergraph.links import LinkedSpec, find_spec
from router.supergraph.model import Supergraph

Groups = tuple[frozenset[str], ...]


@dataclass(frozen=True, slots=True)
class Requirement:
    """What one schema element requires; empty when it requires nothing."""

    authenticated: bool = False
    scopes: Groups | None = None  # None: no scope requirement; () : unsatisfiable
    policies: Groups | None = None

    @property
    def is_empty(self) -> bool:
        """True when anyone may access the element."""
        return not self.authenticated and self.scopes is None and self.policies is None


NO_REQUIREMENT = Requirement()


@dataclass(frozen=True)
class AuthorizationIndex:
    """Every requirement of one supergraph, by type name and by (type name, field name), plus possible types."""

    types: Mapping[str, Requirement] = field(default_factory=dict)
    fields: Mapping[tuple[str, str], Requirement] = field(default_factory=dict)
    possible_types: Mapping[str, frozenset[str]] = field(default_factory=dict)
    policy_names: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        """True when the supergraph protects nothing (authorization can skip its walk)."""
        return not self.types and not self.fields


@dataclass(frozen=True)
class _Names:
    authenticated: str
    requires_scopes: str
    policy: str


def _local(specs: Iterable[LinkedSpec], spec_name: str) -> str:
    spec = find_spec(list(specs), spec_name)
    return spec.local_name(spec_name) if spec else spec_name


def _strings(value: ConstValueNode) -> Groups:
    """`[[String]]` with GraphQL's list coercion: a lone string or a flat list is one group."""
    if isinstance(value, StringValueNode):
        return (frozenset({value.value}),)
    if not isinstance(value, ListValueNode):
        return ()
    groups: list[frozenset[str]] = []
    for item in value.values:
        if isinstance(item, StringValueNode):
            groups.append(frozenset({item.value}))
        elif isinstance(item, ListValueNode):
            groups.append(frozenset(v.value for v in item.values if isinstance(v, StringValueNode)))
    return tuple(groups)


def _argument(directive: DirectiveNode, name: str) -> Groups:
    for argument in directive.arguments or ():
        if argument.name.value == name:
            return _strings(argument.value)  # type: ignore[arg-type]
    return ()


def _requirement(directives: Iterable[DirectiveNode], names: _Names) -> Requirement:
    authenticated = False
    scopes: Groups | None = None
    policies: Groups | None = None
    for directive in directives:
        name = directive.name.value
        if name == names.authenticated:
            authenticated = True
        elif name == names.requires_scopes:
            scopes = _and(scopes, _argument(directive, "scopes"))
        elif name == names.policy:
            policies = _and(policies, _argument(directive, "policies"))
    return Requirement(authenticated, scopes, policies)


def _and(existing: Groups | None, new: Groups) -> Groups:
    """Both requirements at once (a repeated directive): every pair of alternatives, merged."""
    if existing is None:
        return new
    return tuple(a | b for a in existing for b in new)


def _directives(element: GraphQLNamedType | object) -> list[DirectiveNode]:
    nodes = [getattr(element, "ast_node", None), *(getattr(element, "extension_ast_nodes", None) or ())]
    return [d for node in nodes if node is not None for d in getattr(node, "directives", None) or ()]


def _possible_types(schema: GraphQLSchema) -> dict[str, frozenset[str]]:
    result: dict[str, frozenset[str]] = {}
    for name, named in schema.type_map.items():
        if isinstance(named, GraphQLObjectType):
            result[name] = frozenset({name})
        elif isinstance(named, GraphQLInterfaceType) or hasattr(named, "types"):
            result[name] = frozenset(t.name for t in schema.get_possible_types(named))  # type: ignore[arg-type]
    return result


def build_index(supergraph: Supergraph) -> AuthorizationIndex:
    """Read every authorization directive of the supergraph."""
    names = _Names(
        authenticated=_local(supergraph.specs, "authenticated"),
        requires_scopes=_local(supergraph.specs, "requiresScopes"),
        policy=_local(supergraph.specs, "policy"),
    )
    schema = supergraph.schema
    types: dict[str, Requirement] = {}
    fields: dict[tuple[str, str], Requirement] = {}
    policy_names: set[str] = set()
    for type_name, named in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLScalarType | GraphQLEnumType):
            requirement = _requirement(_directives(named), names)
            if not requirement.is_empty:
                types[type_name] = requirement
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, definition in named.fields.items():
                requirement = _requirement(_directives(definition), names)
                if not requirement.is_empty:
                    fields[(type_name, field_name)] = requirement
    for requirement in (*types.values(), *fields.values()):
        for group in requirement.policies or ():
            policy_names.update(group)
    return AuthorizationIndex(types, fields, _possible_types(schema), frozenset(policy_names))
