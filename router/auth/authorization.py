"""Per-field authorization: which selections of a validated operation a caller may make. Pure (no I/O).

`authorize(supergraph, document, operation_name, claims, config)` walks the chosen operation and removes every
field the caller may not select, returning the filtered document and an `UNAUTHORIZED_FIELD_OR_TYPE` error path for
each removed field (or `rejected=True` when the config rejects whole operations instead).

A field `f` selected on a parent type `P`, where the selection may meet the object types `S` at run time (the
possible types of `P`, narrowed by every enclosing fragment's type condition), is allowed only when the caller meets:
the requirement of `P.f`; of `P` itself; of `f`'s named return type (object, interface, scalar or enum); and, for
every object type `O` in `S`, the requirements of `O` and of `O.f`. So a field read through an interface is removed
when any implementation protects that field or is itself protected (Apollo's semantics), fragments on protected
types lose their fields, and entity fields are judged by the merged supergraph type, whichever subgraph serves them.
`__typename` is always allowed, like Apollo Router.

When every selection under a field is removed, the field goes too (its error paths are its children's). Named
fragments are filtered once per (fragment, possible types) and renamed when one fragment needs two filtered
versions; fragments the operation no longer uses are dropped. An operation left with nothing selects `__typename`
only (`AuthorizationResult.nothing_to_execute`). Variable definitions are kept, even if no field uses them any more.

Error paths use response keys (aliases) and `"@"` for "every item" of a list, as Apollo Router reports them; one
error per path. `removed` also says for which runtime object types a path was removed: under an abstract type the
same response key may be removed for one implementation and kept for another (`... on Post { label }` versus
`... on User { label }`). The response shaper answers null where the filtered operation no longer fetches a key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    get_named_type,
)

from router.auth.claims import Claims
from router.auth.config import AuthConfig, PolicyRule, UnauthorizedMode
from router.auth.policies import policy_holds
from router.auth.requirements import AuthorizationIndex, Requirement, build_index
from router.supergraph.derived import derived
from router.supergraph.model import Supergraph

#: The message of every authorization error; the code is UNAUTHORIZED_FIELD_OR_TYPE.
UNAUTHORIZED_MESSAGE = "Unauthorized field or type"
UNAUTHORIZED_CODE = "UNAUTHORIZED_FIELD_OR_TYPE"
#: Error paths reported at most; nested fragments could otherwise multiply them exponentially.
MAX_ERROR_PATHS = 1000

Path = tuple[str | int, ...]
_TYPENAME = SelectionSetNode(selections=(FieldNode(name=NameNode(value="__typename")),))


@dataclass(frozen=True, slots=True)
class RemovedField:
    """A response position the filtered operation no longer selects, for objects of `types` (runtime types)."""

    path: Path
    types: frozenset[str]


@dataclass(frozen=True)
class AuthorizationResult:
    """The outcome: the operation to plan, the removed fields' paths, and whether the operation is refused."""

    document: DocumentNode
    errors: tuple[tuple[Path, str], ...] = ()
    rejected: bool = False
    nothing_to_execute: bool = False  # every root field was removed: the document selects `__typename` only
    removed: tuple[RemovedField, ...] = ()  # the same paths as `errors`, with the runtime types they apply to
    #: The decisions that shaped `document`: for one operation, equal keys mean equal filtered documents. Key plan
    #: caches on (operation text, operation name, cache_key); error paths alone are not enough, because the same
    #: paths can be removed for different runtime types (`... on User { x: email } ... on Secret { x: body }`).
    cache_key: frozenset[tuple[str, frozenset[str], str]] = frozenset()

    @property
    def error_paths(self) -> tuple[Path, ...]:
        """Just the paths of the removed fields."""
        return tuple(path for path, _ in self.errors)

    @property
    def denied(self) -> frozenset[tuple[str, ...]]:
        """The removed fields as response-key paths without list markers (what the response shaper nulls).

        Under an abstract type a path may be removed for some runtime types only; `removed` has the types."""
        return frozenset(tuple(str(key) for key in path if key != "@") for path, _ in self.errors)


def authorization_index(supergraph: Supergraph) -> AuthorizationIndex:
    """The supergraph's requirements, read once per loaded supergraph."""
    return derived(supergraph, build_index)


def undefined_policies(supergraph: Supergraph, config: AuthConfig) -> frozenset[str]:
    """Policy names the supergraph uses that the config does not define (they never hold: log them at start-up)."""
    return authorization_index(supergraph).policy_names - set(config.policies)


class _Decider:
    """Whether these claims meet a requirement (memoized per requirement object)."""

    def __init__(self, claims: Claims | None, policies: Mapping[str, Sequence[PolicyRule]]) -> None:
        self.claims = claims
        self.policies = policies
        self._memo: dict[int, bool] = {}

    def allows(self, requirement: Requirement | None) -> bool:
        if requirement is None:
            return True
        key = id(requirement)
        decided = self._memo.get(key)
        if decided is None:
            decided = self._decide(requirement)
            self._memo[key] = decided
        return decided

    def _decide(self, requirement: Requirement) -> bool:
        claims = self.claims
        if claims is None:
            return requirement.is_empty
        if requirement.scopes is not None and not any(group <= claims.scopes for group in requirement.scopes):
            return False
        if requirement.policies is not None:
            return any(
                all(policy_holds(name, self.policies, claims.raw) for name in group) for group in requirement.policies
            )
        return True


@dataclass
class _Variant:
    name: str | None  # None: the fragment filtered to nothing
    removed: dict[Path, set[str]] = field(default_factory=dict)  # paths relative to the spread -> runtime types


class _Filter:
    """One walk over one operation for one caller."""

    def __init__(
        self,
        schema: GraphQLSchema,
        index: AuthorizationIndex,
        decider: _Decider,
        fragments: Mapping[str, FragmentDefinitionNode],
    ) -> None:
        self.schema = schema
        self.index = index
        self.decider = decider
        self.fragments = fragments
        self.removed: dict[Path, set[str]] = {}
        self.changed = False
        self._field_memo: dict[tuple[str, frozenset[str], str], bool] = {}
        self._variants: dict[tuple[str, frozenset[str]], _Variant] = {}
        self.output_fragments: dict[str, FragmentDefinitionNode] = {}

    def _record(self, path: Path, types: Iterable[str]) -> None:
        self.changed = True
        known = self.removed.get(path)
        if known is not None:
            known.update(types)
        elif len(self.removed) < MAX_ERROR_PATHS:
            self.removed[path] = set(types)

    def refused(self) -> frozenset[tuple[str, frozenset[str], str]]:
        """Every (parent type, possible types, field) the caller was refused in this walk."""
        return frozenset(key for key, allowed in self._field_memo.items() if not allowed)

    def _possible(self, type_name: str) -> frozenset[str]:
        return self.index.possible_types.get(type_name, frozenset())

    def field_allowed(self, parent: GraphQLCompositeType, scope: frozenset[str], name: str, return_type: str) -> bool:
        key = (parent.name, scope, name)
        allowed = self._field_memo.get(key)
        if allowed is None:
            types, fields, allows = self.index.types, self.index.fields, self.decider.allows
            allowed = (
                allows(fields.get((parent.name, name)))
                and allows(types.get(parent.name))
                and allows(types.get(return_type))
                and all(allows(types.get(o)) and allows(fields.get((o, name))) for o in scope)
            )
            self._field_memo[key] = allowed
        return allowed

    def selection_set(
        self, node: SelectionSetNode, parent: GraphQLCompositeType, scope: frozenset[str], path: Path
    ) -> SelectionSetNode | None:
        kept: list[SelectionNode] = []
        for selection in node.selections:
            result: SelectionNode | None
            if isinstance(selection, FieldNode):
                result = self._field(selection, parent, scope, path)
            elif isinstance(selection, InlineFragmentNode):
                result = self._inline_fragment(selection, parent, scope, path)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                result = self._spread(selection, scope, path)
            if result is not None:
                kept.append(result)
        if not kept:
            return None
        if len(kept) == len(node.selections) and all(a is b for a, b in zip(kept, node.selections, strict=True)):
            return node
        return replace(node, selections=tuple(kept))

    def _field(
        self, node: FieldNode, parent: GraphQLCompositeType, scope: frozenset[str], path: Path
    ) -> FieldNode | None:
        name = node.name.value
        if name.startswith("__"):  # __typename, and introspection at the root: never protected
            return node
        definition: GraphQLField | None = getattr(parent, "fields", {}).get(name)
        if definition is None:  # not in the schema: validation would have refused it; never let it through
            self._record((*path, (node.alias or node.name).value), scope)
            return None
        return_type = get_named_type(definition.type)
        field_path = (*path, (node.alias or node.name).value)
        if not self.field_allowed(parent, scope, name, return_type.name):
            self._record(field_path, scope)
            return None
        if node.selection_set is None:
            return node
        child_path = field_path + ("@",) * _list_depth(definition.type)
        assert isinstance(return_type, GraphQLObjectType | GraphQLInterfaceType) or hasattr(return_type, "types")
        filtered = self.selection_set(
            node.selection_set,
            return_type,  # type: ignore[arg-type]
            self._possible(return_type.name),
            child_path,
        )
        if filtered is None:
            self.changed = True
            return None
        return node if filtered is node.selection_set else replace(node, selection_set=filtered)

    def _narrow(
        self, condition: str | None, parent: GraphQLCompositeType, scope: frozenset[str]
    ) -> tuple[GraphQLCompositeType, frozenset[str]]:
        if condition is None:
            return parent, scope
        named = self.schema.get_type(condition)
        assert named is not None
        return named, scope & self._possible(condition)  # type: ignore[return-value]

    def _inline_fragment(
        self, node: InlineFragmentNode, parent: GraphQLCompositeType, scope: frozenset[str], path: Path
    ) -> InlineFragmentNode | None:
        condition = node.type_condition.name.value if node.type_condition else None
        fragment_type, narrowed = self._narrow(condition, parent, scope)
        filtered = self.selection_set(node.selection_set, fragment_type, narrowed, path)
        if filtered is None:
            self.changed = True
            return None
        return node if filtered is node.selection_set else replace(node, selection_set=filtered)

    def _spread(self, node: FragmentSpreadNode, scope: frozenset[str], path: Path) -> FragmentSpreadNode | None:
        definition = self.fragments[node.name.value]
        condition = definition.type_condition.name.value
        narrowed = scope & self._possible(condition)
        variant = self._variant(definition, narrowed)
        for relative, types in variant.removed.items():
            self._record((*path, *relative), types)
        if variant.name is None:
            self.changed = True
            return None
        if variant.name != node.name.value:
            self.changed = True
            return replace(node, name=NameNode(value=variant.name))
        return node

    def _variant(self, definition: FragmentDefinitionNode, scope: frozenset[str]) -> _Variant:
        name = definition.name.value
        key = (name, scope)
        variant = self._variants.get(key)
        if variant is not None:
            return variant
        fragment_type = self.schema.get_type(definition.type_condition.name.value)
        outer_removed, outer_changed = self.removed, self.changed
        self.removed, self.changed = {}, False
        filtered = self.selection_set(definition.selection_set, fragment_type, scope, ())  # type: ignore[arg-type]
        relative, inner_changed = self.removed, self.changed
        self.removed, self.changed = outer_removed, outer_changed or inner_changed
        if filtered is None:
            variant = _Variant(None, relative)
        else:
            variant_name = self._fresh_name(name)
            self.output_fragments[variant_name] = replace(
                definition, name=NameNode(value=variant_name), selection_set=filtered
            )
            variant = _Variant(variant_name, relative)
        self._variants[key] = variant
        return variant

    def _fresh_name(self, name: str) -> str:
        if name not in self.output_fragments:
            return name
        n = 1
        while f"{name}__auth{n}" in self.output_fragments or f"{name}__auth{n}" in self.fragments:
            n += 1
        return f"{name}__auth{n}"


def _list_depth(type_: GraphQLOutputType) -> int:
    depth = 0
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        if isinstance(type_, GraphQLList):
            depth += 1
        type_ = type_.of_type
    return depth


def _operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        if len(operations) != 1:
            raise ValueError("the document has several operations; an operation name is required")
        return operations[0]
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    raise ValueError(f"no operation named {operation_name!r}")


def _root_type(schema: GraphQLSchema, operation: OperationType) -> GraphQLObjectType:
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation]
    if root is None:
        raise ValueError(f"the schema has no {operation.value} type")
    return root


def authorize(
    supergraph: Supergraph,
    document: DocumentNode,
    operation_name: str | None,
    claims: Claims | None,
    config: AuthConfig,
) -> AuthorizationResult:
    """Filter (or reject) a validated operation for a caller; see the module docstring for the rules."""
    index = authorization_index(supergraph)
    if index.is_empty:
        return AuthorizationResult(document)
    operation = _operation(document, operation_name)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walk = _Filter(supergraph.schema, index, _Decider(claims, config.policies), fragments)
    root = _root_type(supergraph.schema, operation.operation)
    filtered = walk.selection_set(operation.selection_set, root, frozenset({root.name}), ())
    if not walk.changed:
        return AuthorizationResult(document)
    errors = tuple((path, UNAUTHORIZED_MESSAGE) for path in walk.removed)
    cache_key = walk.refused()
    removed = tuple(RemovedField(path, frozenset(types)) for path, types in walk.removed.items())
    if config.unauthorized is UnauthorizedMode.REJECT:
        return AuthorizationResult(document, errors, rejected=True, removed=removed, cache_key=cache_key)
    new_operation = replace(operation, selection_set=filtered or _TYPENAME)
    new_document = DocumentNode(definitions=(new_operation, *walk.output_fragments.values()))
    return AuthorizationResult(
        new_document, errors, nothing_to_execute=filtered is None, removed=removed, cache_key=cache_key
    )
