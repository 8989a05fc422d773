"""Shape merged subgraph data into the client's response.

An operation is compiled once into a tree of `SelectionShape`s (per runtime type: which response keys, in which
order, of which type) and cached with its plan; each request then only walks its data along that tree. The walk:

- projects the data onto the operation: client aliases and order, fragments, `__typename` for every type (also
  the root, and types only some subgraphs know), and drops whatever the planner fetched for itself (keys,
  `@requires` fields, helper aliases);
- propagates nulls as the GraphQL spec says: a null (or missing) non-null field nulls its parent, up to the nearest
  nullable position, with one error at the field's path (unless an error is already there);
- answers fields the authorization step removed with null (their error comes from authorization).

`@skip`/`@include` are applied at compile time: the compiled shape is keyed by the values of the Boolean
variables those directives use (`condition_variables`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_composite_type,
    is_leaf_type,
    visit,
)
from graphql.language import Visitor

from router.response.paths import path_list

TYPENAME = "__typename"
INTROSPECTION_ROOT_FIELDS = frozenset({"__schema", "__type"})

# Field kinds, decided at compile time so the per-request walk branches on an int, not on GraphQL types.
_VALUE, _TYPENAME, _PASSTHROUGH, _LEAF, _LEAF_NON_NULL, _DENIED, _OBJECT = range(7)


# Removed by authorization: (response-key path without list indices, parent runtime types or empty for all).
Denied = frozenset[tuple[tuple[str, ...], frozenset[str]]]


class _Bubble:
    """A non-null position got null: its parent must become null (the error is already recorded)."""

    __slots__ = ()


BUBBLE = _Bubble()


@dataclass(frozen=True, slots=True)
class ShapeField:
    """One response key of a selection set, for one runtime type."""

    key: str
    kind: int  # one of the kinds above (_PASSTHROUGH: introspection answered by graphql-core)
    type: GraphQLOutputType | None
    sub: SelectionShape | None  # for composite types
    denied: bool  # removed by authorization: answered null
    coordinate: str  # Type.field, for error messages
    locations: tuple[dict[str, int], ...]
    # The type's wrappers, outside in: (non-null?, list?) per list level, then (non-null?, False) for the named
    # type; e.g. [Review!]! -> ((True, True), (True, False)). Completion reads these instead of GraphQL types.
    levels: tuple[tuple[bool, bool], ...] = ()


def _levels(type_: Any) -> tuple[tuple[bool, bool], ...]:
    levels: list[tuple[bool, bool]] = []
    while True:
        non_null = isinstance(type_, GraphQLNonNull)
        if non_null:
            type_ = type_.of_type
        if isinstance(type_, GraphQLList):
            levels.append((non_null, True))
            type_ = type_.of_type
        else:
            levels.append((non_null, False))
            return tuple(levels)


class SelectionShape:
    """The merged selection sets of one response position; fields per runtime type are computed on first use."""

    __slots__ = ("_by_type", "_compiler", "_selection_sets", "_static_path", "abstract", "concrete_fields", "type")

    def __init__(
        self,
        compiler: _Compiler,
        named_type: Any,
        selection_sets: list[SelectionSetNode],
        static_path: tuple[str, ...],
    ) -> None:
        self._compiler = compiler
        self.type = named_type
        self.abstract = is_abstract_type(named_type)
        self._selection_sets = selection_sets
        self._static_path = static_path
        self._by_type: dict[str, tuple[ShapeField, ...] | None] = {}
        # the fields of a non-abstract position, set on first use (an empty selection stays None: looked up each time)
        self.concrete_fields: tuple[ShapeField, ...] | None = None

    def fields_for(self, typename: str | None) -> tuple[ShapeField, ...] | None:
        """The fields for objects of runtime type `typename`; None when it is not a possible type here."""
        if typename is None or not self.abstract:
            typename = self.type.name
        try:
            return self._by_type[typename]
        except KeyError:
            fields = self._compiler.fields(self, typename, self._selection_sets, self._static_path)
            self._by_type[typename] = fields
            if not self.abstract:
                self.concrete_fields = fields
            return fields


@dataclass(frozen=True, slots=True)
class OperationShape:
    """A compiled operation: the root shape and the root fields graphql-core answers (introspection)."""

    root: SelectionShape
    root_type_name: str
    introspection_keys: tuple[str, ...]
    only_introspection: bool


def _condition_value(directives: Iterable[DirectiveNode], conditions: Mapping[str, bool]) -> bool:
    """Whether @skip/@include let a selection through, given the Boolean variables' values."""
    for directive in directives:
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        value: bool | None = None
        for argument in directive.arguments or ():
            if argument.name.value != "if":
                continue
            if isinstance(argument.value, BooleanValueNode):
                value = argument.value.value
            elif isinstance(argument.value, VariableNode):
                value = bool(conditions.get(argument.value.name.value, False))
        if value is None:
            continue
        if (name == "skip" and value) or (name == "include" and not value):
            return False
    return True


class _Compiler:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        conditions: Mapping[str, bool],
        denied: Denied,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.conditions = conditions
        # path -> the parent runtime types it is removed for (empty: every type)
        self.denied: dict[tuple[str, ...], frozenset[str]] = {}
        for path, types in denied:
            known = self.denied.get(path)
            self.denied[path] = types if known is None else (known | types if known and types else frozenset())

    def _matches(self, condition: str | None, runtime: GraphQLObjectType) -> bool:
        if condition is None or condition == runtime.name:
            return True
        condition_type = self.schema.get_type(condition)
        return is_abstract_type(condition_type) and self.schema.is_sub_type(condition_type, runtime)

    def _collect(
        self,
        selection_set: SelectionSetNode,
        runtime: GraphQLObjectType,
        grouped: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if not _condition_value(selection.directives or (), self.conditions):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                grouped.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else None
                if self._matches(condition, runtime):
                    self._collect(selection.selection_set, runtime, grouped, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in visited or fragment is None:
                    continue
                visited.add(name)
                if self._matches(fragment.type_condition.name.value, runtime):
                    self._collect(fragment.selection_set, runtime, grouped, visited)

    def fields(
        self,
        owner: SelectionShape,
        typename: str,
        selection_sets: list[SelectionSetNode],
        static_path: tuple[str, ...],
    ) -> tuple[ShapeField, ...] | None:
        runtime = self.schema.get_type(typename)
        if not isinstance(runtime, GraphQLObjectType):
            return None
        if owner.type is not runtime and not self.schema.is_sub_type(owner.type, runtime):
            return None
        grouped: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()
        for selection_set in selection_sets:
            self._collect(selection_set, runtime, grouped, visited)
        is_root = not static_path and runtime.name in _root_names(self.schema)
        result: list[ShapeField] = []
        for key, nodes in grouped.items():
            name = nodes[0].name.value
            locations = tuple(
                {"line": loc.line, "column": loc.column}
                for loc in (n.loc.source.get_location(n.loc.start) for n in nodes[:1] if n.loc)
            )
            coordinate = f"{runtime.name}.{name}"
            if name == TYPENAME:
                result.append(ShapeField(key, _TYPENAME, None, None, False, coordinate, locations))
                continue
            if is_root and name in INTROSPECTION_ROOT_FIELDS:
                result.append(ShapeField(key, _PASSTHROUGH, None, None, False, coordinate, locations))
                continue
            definition = runtime.fields.get(name)
            if definition is None:  # validated documents never get here; stay total anyway
                continue
            path = (*static_path, key)
            sub = None
            named = get_named_type(definition.type)
            if is_composite_type(named):
                sets = [n.selection_set for n in nodes if n.selection_set is not None]
                sub = SelectionShape(self, named, sets, path)
            removed_for = self.denied.get(path)
            denied = removed_for is not None and (not removed_for or runtime.name in removed_for)
            result.append(
                ShapeField(
                    key,
                    _kind(definition.type, denied),
                    definition.type,
                    sub,
                    denied,
                    coordinate,
                    locations,
                    _levels(definition.type),
                )
            )
        return tuple(result)


def _kind(type_: GraphQLOutputType, denied: bool) -> int:
    if denied:
        return _DENIED
    if is_leaf_type(type_):
        return _LEAF
    if isinstance(type_, GraphQLNonNull) and is_leaf_type(type_.of_type):
        return _LEAF_NON_NULL
    if is_composite_type(type_.of_type if isinstance(type_, GraphQLNonNull) else type_):
        return _OBJECT  # one object, not a list
    return _VALUE


def _root_names(schema: GraphQLSchema) -> set[str]:
    return {t.name for t in (schema.query_type, schema.mutation_type, schema.subscription_type) if t is not None}


def select_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    """The operation to run: the named one, or the only one."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    return None


def condition_variables(document: DocumentNode) -> tuple[str, ...]:
    """The variables used by @skip/@include anywhere in the document, sorted: the compiled shape depends on them."""
    names: set[str] = set()

    class _Finder(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            if node.name.value in ("skip", "include"):
                for argument in node.arguments or ():
                    if isinstance(argument.value, VariableNode):
                        names.add(argument.value.name.value)

    visit(document, _Finder())
    return tuple(sorted(names))


def compile_operation(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    conditions: Mapping[str, bool] | None = None,
    denied: Denied = frozenset(),
) -> OperationShape:
    """Compile `operation` (validated against `schema`) for the given @skip/@include variable values.

    `denied` lists the response-key paths (no list indices) that authorization removed, each with the runtime types
    of the objects it was removed for (empty: all): they are answered null.
    """
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    compiler = _Compiler(schema, fragments, conditions or {}, denied)
    root_type = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    if root_type is None:
        raise ValueError(f"the schema has no {operation.operation.value} type")
    root = SelectionShape(compiler, root_type, [operation.selection_set], ())
    fields = root.fields_for(root_type.name) or ()
    introspection = tuple(f.key for f in fields if f.kind == _PASSTHROUGH)
    only = all(f.kind in (_TYPENAME, _PASSTHROUGH) for f in fields)
    return OperationShape(root, root_type.name, introspection, only)


class _Walk:
    """One response being shaped: collects the errors null propagation adds."""

    __slots__ = ("errors", "explained", "taken")

    def __init__(self, existing_error_paths: set[tuple[str | int, ...]]) -> None:
        self.taken = existing_error_paths
        # Objects with an error somewhere inside: a subgraph that nulled an entity for a failing non-null field
        # reported why, so the other fields it left missing get no error of their own (as Apollo Gateway does).
        self.explained = {path[:k] for path in existing_error_paths for k in range(1, len(path))}
        self.errors: list[dict[str, Any]] = []

    def error(self, message: str, path: Any, field: ShapeField) -> None:
        as_list = path_list(path)
        key = tuple(as_list)
        if key in self.taken or key[:-1] in self.explained:
            return
        self.taken.add(key)
        error: dict[str, Any] = {"message": message, "path": as_list}
        if field.locations:
            error["locations"] = list(field.locations)
        self.errors.append(error)

    def complete(self, field: ShapeField, level: int, raw: Any, path: Any) -> Any:
        """The value of `raw` at wrapper `level` of the field's type: the value, None, or BUBBLE (a null reached
        a non-null position: the parent must become null)."""
        non_null, is_list = field.levels[level]
        if raw is None:
            if non_null:
                self.error(f"Cannot return null for non-nullable field {field.coordinate}.", path, field)
                return BUBBLE
            return None
        if is_list:
            if not isinstance(raw, list):
                self.error(f"Expected a list for field {field.coordinate}.", path, field)
                return BUBBLE if non_null else None
            following = level + 1
            items = []
            if field.sub is not None and following == len(field.levels) - 1:
                # A list of objects (the bulk of a response): objects go straight to `object`; anything else
                # (null, a wrong value) takes the general path below for its error.
                sub = field.sub
                item_non_null = field.levels[following][0]
                for index, item in enumerate(raw):
                    if type(item) is dict:
                        value = self.object(sub, item, (path, index))
                        if value is BUBBLE and not item_non_null:
                            value = None
                    else:
                        value = self.complete(field, following, item, (path, index))
                    if value is BUBBLE:
                        return BUBBLE if non_null else None
                    items.append(value)
                return items
            for index, item in enumerate(raw):
                value = self.complete(field, following, item, (path, index))
                if value is BUBBLE:
                    return BUBBLE if non_null else None
                items.append(value)
            return items
        if field.sub is None:  # a leaf: scalars and enums pass through
            return raw
        if not isinstance(raw, dict):
            self.error(f"Expected an object for field {field.coordinate}.", path, field)
            return BUBBLE if non_null else None
        value = self.object(field.sub, raw, path)
        if value is BUBBLE:
            return BUBBLE if non_null else None
        return value

    def object(self, shape: SelectionShape, obj: dict[str, Any], path: Any) -> Any:
        if shape.abstract:
            typename = runtime_name = obj.get(TYPENAME)
            fields = shape.fields_for(typename if isinstance(typename, str) else None)
        else:  # an object type: its fields never change, so they are read without a call once known
            typename, runtime_name = None, shape.type.name
            fields = shape.concrete_fields or shape.fields_for(None)
        if fields is None:
            self.error_untyped(shape, typename, path)
            return None
        out: dict[str, Any] = {}
        get = obj.get
        for field in fields:
            kind = field.kind
            if kind == _LEAF:  # the common case: a nullable scalar or enum, copied as is
                out[field.key] = get(field.key)
            elif kind == _LEAF_NON_NULL:
                value = get(field.key)
                if value is None:
                    self.error(
                        f"Cannot return null for non-nullable field {field.coordinate}.", (path, field.key), field
                    )
                    return BUBBLE
                out[field.key] = value
            elif kind == _TYPENAME:
                out[field.key] = runtime_name
            elif kind == _OBJECT:
                value = get(field.key)
                if type(value) is dict and field.sub is not None:  # else null or a wrong value: complete() says so
                    value = self.object(field.sub, value, (path, field.key))
                    if value is BUBBLE and not field.levels[0][0]:
                        value = None
                else:
                    value = self.complete(field, 0, value, (path, field.key))
                if value is BUBBLE:
                    return BUBBLE
                out[field.key] = value
            elif kind == _VALUE:
                value = self.complete(field, 0, get(field.key), (path, field.key))
                if value is BUBBLE:
                    return BUBBLE
                out[field.key] = value
            elif kind == _PASSTHROUGH:
                out[field.key] = get(field.key)
            else:  # _DENIED: authorization removed it and already reported it
                if isinstance(field.type, GraphQLNonNull):
                    return BUBBLE
                out[field.key] = None
        return out

    def error_untyped(self, shape: SelectionShape, typename: Any, path: Any) -> None:
        as_list = path_list(path)
        key = tuple(as_list)
        if key not in self.taken:
            self.taken.add(key)
            self.errors.append(
                {
                    "message": f'Abstract type "{shape.type.name}" must resolve to an object type at runtime '
                    f"(got {typename!r}).",
                    "path": as_list,
                }
            )


def shape_response(
    shape: OperationShape,
    data: dict[str, Any] | None,
    errors: list[dict[str, Any]],
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Project `data` (merged subgraph answers, keyed by response keys) onto the compiled operation.

    Returns the client's `data` (None when null propagated to the root) and `errors`: the given ones followed by
    those null propagation added.
    """
    taken: set[tuple[str | int, ...]] = set()
    for error in errors:
        path = error.get("path")
        if isinstance(path, list):
            taken.add(tuple(path))
    walk = _Walk(taken)
    result = walk.object(shape.root, data or {}, None)
    all_errors = [*errors, *walk.errors] if walk.errors else errors
    return (None if result is BUBBLE else result), all_errors
