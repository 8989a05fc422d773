"""A selection set under construction for one fetch, and its compact GraphQL text.

Fields merge by response key (and directives), fragments by type condition (and directives); `__typename` prints
first. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    InlineFragmentNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    print_ast,
)

from router.planning.plan import FieldSelection, InlineFragmentSelection, Selection


@dataclass
class FieldEntry:
    name: str
    alias: str | None
    arguments: tuple[ArgumentNode, ...]
    directives: tuple[DirectiveNode, ...]
    selection: SelectionBuilder | None = None


@dataclass
class FragmentEntry:
    type_condition: str | None
    directives: tuple[DirectiveNode, ...]
    selection: SelectionBuilder


@dataclass
class SelectionBuilder:
    """An ordered, mergeable selection set."""

    entries: dict[tuple[str, str | None, str], FieldEntry | FragmentEntry] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """True when nothing would be selected: no fields, only fragments that select nothing."""
        return all(isinstance(e, FragmentEntry) and e.selection.is_empty() for e in self.entries.values())

    def add_field(
        self,
        name: str,
        alias: str | None = None,
        arguments: tuple[ArgumentNode, ...] = (),
        directives: tuple[DirectiveNode, ...] = (),
        *,
        composite: bool = False,
    ) -> FieldEntry:
        key = ("f", alias or name, _directives_text(directives))
        entry = self.entries.get(key)
        if not isinstance(entry, FieldEntry):
            entry = FieldEntry(name, alias, arguments, directives)
            self.entries[key] = entry
        if composite and entry.selection is None:
            entry.selection = SelectionBuilder()
        return entry

    def add_fragment(self, type_condition: str | None, directives: tuple[DirectiveNode, ...] = ()) -> SelectionBuilder:
        key = ("t", type_condition, _directives_text(directives))
        entry = self.entries.get(key)
        if not isinstance(entry, FragmentEntry):
            entry = FragmentEntry(type_condition, directives, SelectionBuilder())
            self.entries[key] = entry
        return entry.selection

    def add_selection_set(self, node: SelectionSetNode, *, front: bool = False) -> None:
        """Merge a parsed field set (a key, a `@requires`) in, without aliases; `front` moves its entries first, in
        its order (keys read best before the fields they serve)."""
        touched: list[tuple[str, str | None, str]] = []
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                entry = self.add_field(
                    selection.name.value,
                    arguments=tuple(selection.arguments or ()),
                    composite=selection.selection_set is not None,
                )
                touched.append(("f", selection.name.value, ""))
                if selection.selection_set is not None and entry.selection is not None:
                    entry.selection.add_selection_set(selection.selection_set, front=front)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else None
                self.add_fragment(condition).add_selection_set(selection.selection_set, front=front)
                touched.append(("t", condition, ""))
        if front:
            first = [k for k in dict.fromkeys(touched) if k in self.entries]
            self.entries = {k: self.entries[k] for k in first + [k for k in self.entries if k not in first]}

    def merge(self, other: SelectionBuilder) -> None:
        """Add everything `other` selects."""
        for entry in other.entries.values():
            if isinstance(entry, FieldEntry):
                mine = self.add_field(
                    entry.name, entry.alias, entry.arguments, entry.directives, composite=entry.selection is not None
                )
                if entry.selection is not None and mine.selection is not None:
                    mine.selection.merge(entry.selection)
            else:
                self.add_fragment(entry.type_condition, entry.directives).merge(entry.selection)

    def strip_conditions(self, atoms: frozenset[tuple[str, bool]]) -> None:
        """Drop `@include(if: $v)` / `@skip(if: $v)` matching `atoms` from the top-level entries (a `Condition`
        plan node decides them instead)."""
        entries: dict[tuple[str, str | None, str], FieldEntry | FragmentEntry] = {}
        for key, entry in self.entries.items():
            kept = tuple(d for d in entry.directives if _atom(d) not in atoms)
            if len(kept) != len(entry.directives):
                entry.directives = kept
                key = (key[0], key[1], _directives_text(kept))
            entries.setdefault(key, entry)
        self.entries = entries

    def ordered(self) -> list[FieldEntry | FragmentEntry]:
        typename = [e for e in self.entries.values() if isinstance(e, FieldEntry) and e.name == "__typename"]
        return typename + [
            e for e in self.entries.values() if not (isinstance(e, FieldEntry) and e.name == "__typename")
        ]

    def to_text(self) -> str:
        """Compact GraphQL: `{a b{c}...on T{d}}`."""
        parts: list[str] = []
        for entry in self.ordered():
            if isinstance(entry, FieldEntry):
                text = f"{entry.alias}:{entry.name}" if entry.alias else entry.name
                if entry.arguments:
                    text += "(" + ",".join(f"{a.name.value}:{print_ast(a.value)}" for a in entry.arguments) + ")"
                text += "".join(" " + print_ast(d) for d in entry.directives)
                if entry.selection is not None:
                    text += entry.selection.to_text() if not entry.selection.is_empty() else "{__typename}"
            elif entry.selection.is_empty():
                continue  # every field of it was served elsewhere (or the objects already hold it)
            else:
                text = "..." + (f"on {entry.type_condition}" if entry.type_condition else "")
                text += "".join(" " + print_ast(d) for d in entry.directives)
                text += entry.selection.to_text()
            parts.append(text)
        return "{" + " ".join(parts) + "}"

    def to_requires(self) -> tuple[Selection, ...]:
        """The selection as a representation shape (no aliases, arguments or directives)."""
        result: list[Selection] = []
        for entry in self.ordered():
            if isinstance(entry, FieldEntry):
                result.append(FieldSelection(entry.name, entry.selection.to_requires() if entry.selection else ()))
            else:
                result.append(InlineFragmentSelection(entry.type_condition or "", entry.selection.to_requires()))
        return tuple(result)

    def variables(self, into: set[str]) -> None:
        """Collect the variable names used by arguments and directives."""
        for entry in self.entries.values():
            if isinstance(entry, FieldEntry):
                for argument in entry.arguments:
                    _collect_variables(argument.value, into)
                if entry.selection is not None:
                    entry.selection.variables(into)
            else:
                entry.selection.variables(into)
            for directive in entry.directives:
                for argument in directive.arguments or ():
                    _collect_variables(argument.value, into)


def _collect_variables(value: ValueNode, into: set[str]) -> None:
    if isinstance(value, VariableNode):
        into.add(value.name.value)
        return
    for child in getattr(value, "values", None) or ():
        _collect_variables(child, into)
    for child in getattr(value, "fields", None) or ():
        _collect_variables(child.value, into)


def _atom(directive: DirectiveNode) -> tuple[str, bool] | None:
    for argument in directive.arguments or ():
        if argument.name.value == "if" and isinstance(argument.value, VariableNode):
            return (argument.value.name.value, directive.name.value == "include")
    return None


def _directives_text(directives: tuple[DirectiveNode, ...]) -> str:
    return " ".join(print_ast(d) for d in directives)
