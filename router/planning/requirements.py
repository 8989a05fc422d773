"""Inputs of entity fetches: turning `@requires` field sets into operation items, aliasing required fields whose
arguments clash with the client's, renaming them back in representations, and the conditions an entity fetch
inherits. Pure helpers of the planner."""

from __future__ import annotations

from dataclasses import replace

from graphql import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    InlineFragmentNode,
    NameNode,
    SelectionSetNode,
    VariableNode,
    print_ast,
)

from router.planning.groups import FetchGroup
from router.planning.operation import ConditionAtom, OpField, OpFragment, OpItem
from router.planning.plan import KeyRenamer
from router.planning.selection import FieldEntry, FragmentEntry, SelectionBuilder


def requirement_items(selection: SelectionSetNode) -> tuple[OpItem, ...]:
    """A `@requires` field set as operation items."""
    items: list[OpItem] = []
    for node in selection.selections:
        if isinstance(node, FieldNode):
            items.append(
                OpField(
                    node.name.value,
                    arguments=tuple(node.arguments or ()),
                    selections=requirement_items(node.selection_set) if node.selection_set else (),
                )
            )
        elif isinstance(node, InlineFragmentNode):
            condition = node.type_condition.name.value if node.type_condition else None
            items.append(OpFragment(condition, (), requirement_items(node.selection_set)))
    return tuple(items)


def within_inputs(selection: SelectionSetNode, group: FetchGroup) -> bool:
    """Whether a field set is made of leaf fields every representation of `group` carries."""
    fragments = [e for e in group.inputs.entries.values() if isinstance(e, FragmentEntry)]
    for node in selection.selections:
        if not isinstance(node, FieldNode) or node.selection_set is not None:
            return False
        for fragment in fragments:
            entry = fragment.selection.entries.get(("f", node.name.value, ""))
            if not isinstance(entry, FieldEntry) or entry.name != node.name.value or entry.arguments:
                return False
    return bool(fragments)


def rename_requirements(group: FetchGroup, renamed: dict[str, str]) -> None:
    """Read aliased requirements from the data under their alias, and rename them back in the representation."""
    for fragment in group.inputs.entries.values():
        if not isinstance(fragment, FragmentEntry):
            continue
        entries: dict[tuple[str, str | None, str], FieldEntry | FragmentEntry] = {}
        for key, entry in fragment.selection.entries.items():
            if isinstance(entry, FieldEntry) and entry.name in renamed:
                alias = renamed[entry.name]
                entries[("f", alias, key[2])] = replace(entry, name=alias)
                renamer = KeyRenamer((f"... on {fragment.type_condition}", alias), entry.name)
                if renamer not in group.input_rewrites:
                    group.input_rewrites.append(renamer)
            else:
                entries[key] = entry
        fragment.selection.entries = entries


def clashing_requirements(
    items: tuple[OpItem, ...], selection: SelectionBuilder, siblings: tuple[OpItem, ...]
) -> dict[str, str]:
    """Required top-level fields whose name the client (or an earlier requirement) already uses with other
    arguments at the same place: field name -> the alias to fetch them under."""
    used: dict[str, str] = {}
    stack = list(siblings)
    while stack:
        item = stack.pop()
        if isinstance(item, OpFragment):
            stack.extend(item.selections)
        else:
            used.setdefault(item.response_key, field_signature(item.name, item.arguments))
    for entry in selection.entries.values():
        if isinstance(entry, FieldEntry):
            used.setdefault(entry.alias or entry.name, field_signature(entry.name, entry.arguments))
    renamed: dict[str, str] = {}
    for item in items:
        if isinstance(item, OpField) and item.arguments:
            seen = used.get(item.name)
            if seen is not None and seen != field_signature(item.name, item.arguments):
                renamed[item.name] = f"{item.name}__requires"
    return renamed


def field_signature(name: str, arguments: tuple[ArgumentNode, ...]) -> str:
    return name + "(" + ",".join(f"{a.name.value}:{print_ast(a.value)}" for a in arguments) + ")"


def condition_directives(conditions: frozenset[ConditionAtom]) -> tuple[DirectiveNode, ...]:
    """`@include(if: $v)` / `@skip(if: $v)` for conditions that hold where an entity fetch was entered: the fetch
    keeps them (or a Condition node decides them, and they are stripped)."""
    return tuple(
        DirectiveNode(
            name=NameNode(value="include" if passes else "skip"),
            arguments=(ArgumentNode(name=NameNode(value="if"), value=VariableNode(name=NameNode(value=variable))),),
        )
        for variable, passes in sorted(conditions)
    )


def clashing_key_fields(field_set: SelectionSetNode, selection: SelectionBuilder) -> dict[str, str]:
    """Key fields whose name the selection already uses as the response key of another field (a client alias such
    as `id: name`, or the field with arguments): field name -> the alias to fetch the key field under."""
    renamed: dict[str, str] = {}
    for node in field_set.selections:
        if not isinstance(node, FieldNode):
            continue
        entry = selection.entries.get(("f", node.name.value, ""))
        if isinstance(entry, FieldEntry) and (entry.name != node.name.value or entry.arguments):
            renamed[node.name.value] = f"{node.name.value}__key"
    return renamed


def add_aliased(selection: SelectionBuilder, field_set: SelectionSetNode, renamed: dict[str, str]) -> None:
    """Add a field set to a selection, its top-level fields in `renamed` under their alias."""
    for node in field_set.selections:
        if isinstance(node, FieldNode) and node.name.value in renamed:
            entry = selection.add_field(
                node.name.value,
                alias=renamed[node.name.value],
                arguments=tuple(node.arguments or ()),
                composite=node.selection_set is not None,
            )
            if node.selection_set is not None and entry.selection is not None:
                entry.selection.add_selection_set(node.selection_set)
        else:
            selection.add_selection_set(SelectionSetNode(selections=(node,)))
