"""Entity fetches on plain data: find the objects at a plan path, build their representations, rewrite and merge.

Pure functions over the response built so far (dicts and lists). A path is a chain of response keys where `@`
means "each element of the list" and `... on T` keeps only objects whose `__typename` is T.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from graphql import GraphQLSchema, is_abstract_type

from router.planning.plan import (
    FieldSelection,
    InlineFragmentSelection,
    KeyRenamer,
    Rewrite,
    Selection,
    ValueSetter,
)
from router.response.paths import Path, path_list


def _type_condition(element: str) -> str | None:
    return element[7:].strip() if element.startswith("... on ") else None


class TypeMatcher:
    """Whether an object whose `__typename` is T satisfies a type condition `... on C`: T is C, or C is abstract
    and T one of its possible types (e.g. `... on Media` for a Book, with `@interfaceObject`). Memoised."""

    __slots__ = ("_possible", "_schema")

    def __init__(self, schema: GraphQLSchema | None = None) -> None:
        self._schema = schema
        self._possible: dict[str, frozenset[str]] = {}

    def possible(self, condition: str) -> frozenset[str]:
        known = self._possible.get(condition)
        if known is None:
            known = frozenset({condition})
            if self._schema is not None:
                named = self._schema.get_type(condition)
                if is_abstract_type(named):
                    known |= {t.name for t in self._schema.get_possible_types(named)}
            self._possible[condition] = known
        return known

    def __call__(self, typename: Any, condition: str) -> bool:
        return typename == condition or (isinstance(typename, str) and typename in self.possible(condition))


EXACT = TypeMatcher()


def objects_at(targets: Iterable[Any], path: Sequence[str], matches: TypeMatcher = EXACT) -> list[dict[str, Any]]:
    """Every object reached from `targets` by following `path`; nulls and missing keys end a branch.

    The hot path of entity fetches: no response paths are built here (see `paths_to` for when errors need them).
    """
    current: list[Any] = list(targets)
    for element in path:
        following: list[Any] = []
        if element == "@":
            for value in current:
                if type(value) is list:
                    following.extend(value)
        elif (condition := _type_condition(element)) is not None:
            following = [v for v in current if type(v) is dict and matches(v.get("__typename"), condition)]
        else:
            for value in current:
                if type(value) is dict:
                    child = value.get(element)
                    if child is not None:
                        following.append(child)
        current = following
    # A list at the end of the path (a planner may omit the last `@`) means its elements.
    result: list[dict[str, Any]] = []
    while current:
        nested: list[Any] = []
        for value in current:
            if type(value) is dict:
                result.append(value)
            elif type(value) is list:
                nested.extend(value)
        current = nested
    return result


def paths_to(
    root: dict[str, Any], path: Sequence[str], matches: TypeMatcher = EXACT
) -> dict[int, list[list[str | int]]]:
    """The response paths of the objects `objects_at([root], path)` finds, by object identity: what an entity
    error needs to point at the client's objects (an object merged into two places has two paths)."""
    current: list[tuple[Path, Any]] = [(None, root)]
    for element in path:
        following: list[tuple[Path, Any]] = []
        if element == "@":
            for where, value in current:
                if type(value) is list:
                    following.extend(((where, i), item) for i, item in enumerate(value))
        elif (condition := _type_condition(element)) is not None:
            following = [(w, v) for w, v in current if type(v) is dict and matches(v.get("__typename"), condition)]
        else:
            for where, value in current:
                if type(value) is dict:
                    child = value.get(element)
                    if child is not None:
                        following.append(((where, element), child))
        current = following
    found: dict[int, list[list[str | int]]] = {}
    while current:
        nested: list[tuple[Path, Any]] = []
        for where, value in current:
            if type(value) is dict:
                found.setdefault(id(value), []).append(path_list(where))
            elif type(value) is list:
                nested.extend(((where, i), item) for i, item in enumerate(value))
        current = nested
    return found


class _Missing(Exception):
    """A field the representation requires is absent (the object was not (fully) fetched)."""


def _copy(value: Any, selections: tuple[Selection, ...]) -> Any:
    if not selections or value is None:
        return value
    if isinstance(value, list):
        return [_copy(item, selections) for item in value]
    if isinstance(value, dict):
        return _shape(value, selections)
    return value


def _shape(obj: dict[str, Any], selections: tuple[Selection, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for selection in selections:
        if isinstance(selection, FieldSelection):
            if selection.name not in obj:
                raise _Missing(selection.name)
            out[selection.name] = _copy(obj[selection.name], selection.selections)
        else:
            typename = obj.get("__typename")
            if typename == selection.type_condition or typename in selection.possible_types:
                out.update(_shape(obj, selection.selections))
    return out


def representation(obj: dict[str, Any], requires: tuple[Selection, ...]) -> dict[str, Any] | None:
    """The representation of `obj` per the `requires` shape, or None when the object lacks a required field or
    no type condition of the shape applies to it (the fetch is not for objects of its type)."""
    try:
        shaped = _shape(obj, requires)
    except _Missing:
        return None
    return shaped if shaped else None


def apply_rewrites(value: Any, rewrites: tuple[Rewrite, ...], matches: TypeMatcher = EXACT) -> None:
    """Apply input or output rewrites in place (value setters for `@interfaceObject`, key renames for aliases)."""
    for rewrite in rewrites:
        _rewrite_at(value, rewrite.path, rewrite, matches)


def _rewrite_at(value: Any, path: tuple[str, ...], rewrite: Rewrite, matches: TypeMatcher) -> None:
    if isinstance(value, list):
        for item in value:
            _rewrite_at(item, path, rewrite, matches)
        return
    if not isinstance(value, dict) or not path:
        return
    head, rest = path[0], path[1:]
    condition = _type_condition(head)
    if condition is not None:
        if matches(value.get("__typename"), condition):
            _rewrite_at(value, rest, rewrite, matches)
        return
    if head == "@":
        _rewrite_at(value, rest, rewrite, matches)
        return
    if rest:
        _rewrite_at(value.get(head), rest, rewrite, matches)
    elif isinstance(rewrite, ValueSetter):
        value[head] = rewrite.set_value_to
    elif isinstance(rewrite, KeyRenamer) and head in value:
        value[rewrite.rename_key_to] = value.pop(head)


def deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    """Merge `source` into `target` in place: objects field by field, lists of equal length element by element."""
    for key, value in source.items():
        # JSON from orjson: exact `type` checks, and scalars (the common case) cost one check.
        kind = type(value)
        if kind is dict:
            existing = target.get(key)
            if type(existing) is dict:
                deep_merge(existing, value)
                continue
        elif kind is list:
            existing = target.get(key)
            if type(existing) is list and len(existing) == len(value):
                for index, (old, new) in enumerate(zip(existing, value, strict=True)):
                    if type(old) is dict and type(new) is dict:
                        deep_merge(old, new)
                    else:
                        existing[index] = new
                continue
        target[key] = value


# (type condition, possible types, field names) per inline fragment of a flat requires shape
_FlatShape = tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]


@functools.lru_cache(maxsize=4096)  # requires shapes are plan data: few, frozen and hashable
def _flat_shape(requires: tuple[Selection, ...]) -> _FlatShape | None:
    """The common shape `... on T { __typename id }` (inline fragments of leaf fields) in a form that builds a
    representation with a few dict operations; None for any other shape."""
    if not all(
        isinstance(s, InlineFragmentSelection)
        and all(isinstance(f, FieldSelection) and not f.selections for f in s.selections)
        for s in requires
    ):
        return None
    return tuple(
        (s.type_condition, s.possible_types, tuple(f.name for f in s.selections if isinstance(f, FieldSelection)))
        for s in requires
        if isinstance(s, InlineFragmentSelection)
    )


def _flat_representation(obj: dict[str, Any], shape: _FlatShape) -> dict[str, Any] | None:
    typename = obj.get("__typename")
    rep: dict[str, Any] | None = None
    for condition, possible, names in shape:
        if typename == condition or typename in possible:
            rep = rep if rep is not None else {}
            for name in names:
                if name not in obj:
                    return None
                rep[name] = obj[name]
    return rep or None


def _dedup_key(rep: dict[str, Any]) -> Any:
    try:
        key = tuple(rep.items())
        hash(key)
    except TypeError:  # a list or object value: compare canonical JSON instead
        return orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
    return key


class RepresentationBatch:
    """The distinct representations of one entity fetch and, for each, every object it came from."""

    __slots__ = ("origins", "representations")

    def __init__(self) -> None:
        self.representations: list[dict[str, Any]] = []
        self.origins: list[list[dict[str, Any]]] = []  # per representation: the objects it came from

    @classmethod
    def collect(
        cls,
        objects: Iterable[dict[str, Any]],
        requires: tuple[Selection, ...],
        input_rewrites: tuple[Rewrite, ...],
        matches: TypeMatcher = EXACT,
    ) -> RepresentationBatch:
        batch = cls()
        index_by_key: dict[Any, int] = {}
        flat = _flat_shape(requires)
        if flat is not None and len(flat) == 1 and not input_rewrites:
            leftovers = batch._collect_keyed(objects, flat[0], index_by_key)
            if not leftovers:
                return batch
            objects = leftovers  # values that cannot be hashed: the general path below handles them
        for obj in objects:
            rep = _flat_representation(obj, flat) if flat is not None else representation(obj, requires)
            if rep is None:
                continue
            if input_rewrites:
                apply_rewrites(rep, input_rewrites, matches)
            # Same fields in the same order for equal shapes, so item tuples compare like sorted JSON would.
            key = _dedup_key(rep) if flat is not None else orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
            index = index_by_key.get(key)
            if index is None:
                index_by_key[key] = len(batch.representations)
                batch.representations.append(rep)
                batch.origins.append([obj])
            else:
                batch.origins[index].append(obj)
        return batch

    def _collect_keyed(
        self,
        objects: Iterable[dict[str, Any]],
        fragment: tuple[str, frozenset[str], tuple[str, ...]],
        index_by_key: dict[Any, int],
    ) -> list[dict[str, Any]]:
        """The hot path (`... on T { __typename id }`): the key values themselves deduplicate, and a
        representation dict is built once per distinct entity. Returns the objects it could not key."""
        condition, possible, names = fragment
        # One name: the value itself is the key; several: itemgetter gives the tuple of values (in C).
        key_of: Any = operator.itemgetter(*names) if names else (lambda _obj: ())
        single = len(names) == 1
        # Usually the key starts with `__typename`: then a key already indexed has passed the type check, and only
        # new keys are checked.
        typename_in_key = len(names) > 1 and names[0] == "__typename"
        leftovers: list[dict[str, Any]] = []
        for obj in objects:
            if not typename_in_key:
                typename = obj.get("__typename")
                if typename != condition and typename not in possible:
                    continue
            try:
                values = key_of(obj)
            except KeyError:
                continue  # a required field is missing: the object was not (fully) fetched
            try:
                index = index_by_key.get(values)
            except TypeError:  # a list or object among the values
                if typename_in_key and values[0] != condition and values[0] not in possible:
                    continue
                leftovers.append(obj)
                continue
            if index is None:
                if typename_in_key and values[0] != condition and values[0] not in possible:
                    continue
                index_by_key[values] = len(self.representations)
                self.representations.append({names[0]: values} if single else dict(zip(names, values, strict=True)))
                self.origins.append([obj])
            else:
                self.origins[index].append(obj)
        return leftovers
