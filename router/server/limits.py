"""Operation limits, checked on the parsed document before validation, planning or any subgraph call.

Depth and size count fragments expanded (memoised per fragment, so a "fragment bomb" costs linear time to measure);
aliases and directives are counted as written. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    visit,
)
from graphql.language import Visitor

from router.config import LimitSettings


@dataclass(frozen=True)
class LimitExceeded:
    """Which limit a document breaks."""

    code: str
    message: str


class _Measure:
    """Depth and expanded field count of selection sets, memoised per fragment (cycles count as empty)."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.memo: dict[str, tuple[int, int]] = {}
        self.active: set[str] = set()

    def fragment(self, name: str) -> tuple[int, int]:
        known = self.memo.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.active:
            return 0, 0
        self.active.add(name)
        result = self.selection_set(definition.selection_set)
        self.active.discard(name)
        self.memo[name] = result
        return result

    def selection_set(self, selection_set: SelectionSetNode | None) -> tuple[int, int]:
        """(depth, number of fields) of a selection set, fragments expanded."""
        if selection_set is None:
            return 0, 0
        depth = 0
        size = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                sub_depth, sub_size = self.selection_set(selection.selection_set)
                depth = max(depth, 1 + sub_depth)
                size += 1 + sub_size
            elif isinstance(selection, InlineFragmentNode):
                sub_depth, sub_size = self.selection_set(selection.selection_set)
                depth = max(depth, sub_depth)
                size += sub_size
            elif isinstance(selection, FragmentSpreadNode):
                sub_depth, sub_size = self.fragment(selection.name.value)
                depth = max(depth, sub_depth)
                size += sub_size
        return depth, size


def _root_field_count(measure: _Measure, selection_set: SelectionSetNode) -> int:
    count = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            count += 1
        elif isinstance(selection, InlineFragmentNode):
            count += _root_field_count(measure, selection.selection_set)
        elif isinstance(selection, FragmentSpreadNode):
            definition = measure.fragments.get(selection.name.value)
            if definition is not None and selection.name.value not in measure.active:
                measure.active.add(selection.name.value)
                count += _root_field_count(measure, definition.selection_set)
                measure.active.discard(selection.name.value)
    return count


def check_limits(document: DocumentNode, limits: LimitSettings) -> LimitExceeded | None:
    """The first limit `document` breaks, or None."""
    aliases = 0
    directives = 0

    class _Counter(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            nonlocal aliases
            if node.alias is not None:
                aliases += 1

        def enter_directive(self, node: DirectiveNode, *_: object) -> None:
            nonlocal directives
            directives += 1

    visit(document, _Counter())
    if aliases > limits.max_aliases:
        return LimitExceeded(
            "MAX_ALIASES_EXCEEDED", f"the document has {aliases} aliases; at most {limits.max_aliases}"
        )
    if directives > limits.max_directives:
        return LimitExceeded(
            "MAX_DIRECTIVES_EXCEEDED", f"the document uses {directives} directives; at most {limits.max_directives}"
        )
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    measure = _Measure(fragments)
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        depth, size = measure.selection_set(definition.selection_set)
        if depth > limits.max_depth:
            return LimitExceeded(
                "MAX_DEPTH_EXCEEDED", f"the operation is {depth} levels deep; at most {limits.max_depth}"
            )
        if size > limits.max_expanded_fields:
            return LimitExceeded(
                "MAX_FIELDS_EXCEEDED",
                f"the operation selects {size} fields with fragments expanded; at most {limits.max_expanded_fields}",
            )
        roots = _root_field_count(measure, definition.selection_set)
        if roots > limits.max_root_fields:
            return LimitExceeded(
                "MAX_ROOT_FIELDS_EXCEEDED", f"the operation has {roots} root fields; at most {limits.max_root_fields}"
            )
    return None
