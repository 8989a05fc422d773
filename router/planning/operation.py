"""The client operation as the planner walks it: fields and inline fragments only, with `@skip`/`@include` resolved.

Named fragment spreads become inline fragments; a literal `@skip(if: true)` / `@include(if: false)` drops its
element and a literal `@skip(if: false)` / `@include(if: true)` disappears, so only variable conditions remain
(they become `Condition` plan nodes and stay in the subgraph operations). Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
)

# A variable condition: (variable name, value that lets the element through). `@include(if: $v)` is (v, True).
ConditionAtom = tuple[str, bool]


class PlanningError(ValueError):
    """The operation cannot be planned (unknown operation name, or a supergraph that cannot serve it)."""


@dataclass(frozen=True)
class OpField:
    """A field of the client operation."""

    name: str
    alias: str | None = None
    arguments: tuple[ArgumentNode, ...] = ()
    directives: tuple[DirectiveNode, ...] = ()  # only variable @skip/@include remain
    selections: tuple[OpItem, ...] = ()

    @property
    def response_key(self) -> str:
        return self.alias or self.name


@dataclass(frozen=True)
class OpFragment:
    """An inline fragment (or an inlined named fragment)."""

    type_condition: str | None
    directives: tuple[DirectiveNode, ...] = ()
    selections: tuple[OpItem, ...] = ()


OpItem = OpField | OpFragment


def conditions_of(directives: tuple[DirectiveNode, ...]) -> frozenset[ConditionAtom]:
    """The variable conditions a list of (already simplified) directives puts on an element."""
    atoms: set[ConditionAtom] = set()
    for directive in directives:
        for argument in directive.arguments or ():
            if argument.name.value == "if" and isinstance(argument.value, VariableNode):
                atoms.add((argument.value.name.value, directive.name.value == "include"))
    return frozenset(atoms)


@dataclass(frozen=True)
class Operation:
    """The chosen operation of a document, normalized."""

    kind: str  # "query" | "mutation" | "subscription"
    name: str | None
    variable_definitions: tuple[VariableDefinitionNode, ...]
    selections: tuple[OpItem, ...]


def select_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        if len(operations) != 1:
            raise PlanningError("the document has several operations: an operation name is required")
        return operations[0]
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    raise PlanningError(f'unknown operation named "{operation_name}"')


def normalize_operation(document: DocumentNode, operation_name: str | None) -> Operation:
    """The operation `operation_name` of `document` with fragments inlined and literal conditions applied."""
    operation = select_operation(document, operation_name)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return Operation(
        kind=operation.operation.value,
        name=operation.name.value if operation.name else None,
        variable_definitions=tuple(operation.variable_definitions or ()),
        selections=_Normalizer(fragments).selection_set(operation.selection_set),
    )


class _Normalizer:
    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode]) -> None:
        self._fragments = fragments
        self._memo: dict[int, tuple[OpItem, ...]] = {}

    def selection_set(self, node: SelectionSetNode | None) -> tuple[OpItem, ...]:
        if node is None:
            return ()
        cached = self._memo.get(id(node))
        if cached is not None:
            return cached
        items: list[OpItem] = []
        for selection in node.selections:
            directives = _simplify(selection.directives or ())
            if directives is None:
                continue  # skipped by a literal condition
            if isinstance(selection, FieldNode):
                items.append(
                    OpField(
                        name=selection.name.value,
                        alias=selection.alias.value if selection.alias else None,
                        arguments=tuple(selection.arguments or ()),
                        directives=directives,
                        selections=self.selection_set(selection.selection_set),
                    )
                )
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else None
                items.append(OpFragment(condition, directives, self.selection_set(selection.selection_set)))
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self._fragments.get(selection.name.value)
                if fragment is None:
                    raise PlanningError(f'unknown fragment "{selection.name.value}"')
                items.append(
                    OpFragment(
                        fragment.type_condition.name.value, directives, self.selection_set(fragment.selection_set)
                    )
                )
        result = tuple(items)
        self._memo[id(node)] = result
        return result


def _simplify(directives: tuple[DirectiveNode, ...] | list[DirectiveNode]) -> tuple[DirectiveNode, ...] | None:
    """Keep variable @skip/@include, apply literal ones (None = the element is skipped), drop other directives."""
    kept: list[DirectiveNode] = []
    for directive in directives:
        if directive.name.value not in {"skip", "include"}:
            continue
        value = next((a.value for a in directive.arguments or () if a.name.value == "if"), None)
        if isinstance(value, BooleanValueNode):
            if value.value != (directive.name.value == "include"):
                return None
            continue
        kept.append(directive)
    return tuple(kept)
