"""Field sets (`@key(fields:)`, `@requires`, `@provides`): parsed once per distinct string and walked iteratively."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from graphql import GraphQLSyntaxError, parse, print_ast, strip_ignored_characters
from graphql.language import (
    REMOVE,
    FieldNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    visit,
)


@dataclass(frozen=True, slots=True)
class Selection:
    """One field of a field set, flattened: the field name, its arguments/directives present, its sub-selection."""

    name: str
    has_arguments: bool
    has_directives: bool
    type_condition: str | None
    children: tuple[Selection, ...]


@lru_cache(maxsize=8192)
def parse_field_set(text: str) -> tuple[Selection, ...] | None:
    """The selections of a field set, or None when it is not a valid selection set."""
    try:
        document = parse("{" + text + "}", no_location=True)
    except GraphQLSyntaxError:
        return None
    if len(document.definitions) != 1:
        return None
    operation = document.definitions[0]
    if not isinstance(operation, OperationDefinitionNode):
        return None
    return _convert(operation.selection_set)


def _convert(selection_set: SelectionSetNode) -> tuple[Selection, ...]:
    # Field sets are shallow in practice, but convert iteratively anyway: post-order over an explicit stack.
    result: dict[int, tuple[Selection, ...]] = {}
    stack: list[tuple[SelectionSetNode, bool]] = [(selection_set, False)]
    while stack:
        node, expanded = stack.pop()
        if not expanded:
            stack.append((node, True))
            for child in node.selections:
                if isinstance(child, FieldNode | InlineFragmentNode) and child.selection_set is not None:
                    stack.append((child.selection_set, False))
            continue
        built: list[Selection] = []
        for child in node.selections:
            sub_selection = getattr(child, "selection_set", None)
            children = result.get(id(sub_selection), ()) if sub_selection is not None else ()
            if isinstance(child, FieldNode):
                built.append(Selection(child.name.value, bool(child.arguments), bool(child.directives), None, children))
            elif isinstance(child, InlineFragmentNode):
                condition = child.type_condition.name.value if child.type_condition else None
                built.append(Selection("...", False, bool(child.directives), condition, children))
        result[id(node)] = tuple(built)
    return result[id(selection_set)]


@lru_cache(maxsize=1024)
def field_set_syntax_error(text: str) -> str:
    """Why a field set does not parse, in graphql's words (or a generic reason)."""
    try:
        parse("{" + text + "}", no_location=True)
    except GraphQLSyntaxError as exc:
        return exc.message
    return "invalid field set"


def field_names(selections: tuple[Selection, ...]) -> list[str]:
    """Top-level field names of a field set (fragments flattened one level)."""
    names: list[str] = []
    for sel in selections:
        if sel.name == "...":
            names.extend(field_names(sel.children))
        else:
            names.append(sel.name)
    return names


def leaf_paths(selections: tuple[Selection, ...]) -> set[str]:
    """Dotted paths of the leaf fields of a field set (`id`, `variant.id`), fragments not followed."""
    paths: set[str] = set()
    stack: list[tuple[str, tuple[Selection, ...]]] = [("", selections)]
    while stack:
        prefix, items = stack.pop()
        for sel in items:
            if sel.name == "...":
                continue
            path = f"{prefix}{sel.name}"
            if sel.children:
                stack.append((path + ".", sel.children))
            else:
                paths.add(path)
    return paths


@lru_cache(maxsize=8192)
def print_field_set(text: str, removable: frozenset[str] = frozenset()) -> str | None:
    """The field set as The Guild's composer prints it in `@join__field`: leaf fields in `removable` (key fields the
    subgraph has anyway) dropped, then minified like graphql-js' `stripIgnoredCharacters`. None when nothing is left.
    """
    try:
        document = parse("{" + text + "}", no_location=True)
    except GraphQLSyntaxError:
        return text
    operation = document.definitions[0]
    if not isinstance(operation, OperationDefinitionNode):
        return text
    selection_set = visit(operation.selection_set, _Drop(removable)) if removable else operation.selection_set
    printed = strip_ignored_characters(print_ast(selection_set))
    inner = printed[1:-1] if printed.startswith("{") and printed.endswith("}") else printed
    return inner if inner.strip() else None


class _Drop(Visitor):
    """Removes leaf fields whose dotted path is removable (graphql-core's `visit` is iterative and copies nodes)."""

    def __init__(self, removable: frozenset[str]) -> None:
        super().__init__()
        self.removable = removable
        self.path: list[str] = []

    def enter_field(self, node: FieldNode, *_: object) -> object:
        path = ".".join([*self.path, node.name.value])
        if node.selection_set is None and path in self.removable:
            return REMOVE
        self.path.append(node.name.value)
        return None

    def leave_field(self, node: FieldNode, *_: object) -> None:
        self.path.pop()
