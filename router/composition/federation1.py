"""The Federation 1 upgrade: what Apollo's schema upgrader does to a Federation 1 subgraph before composing."""

from __future__ import annotations

from .field_set import field_names, parse_field_set
from .model import Subgraph


def upgrade_federation_1(subgraph: Subgraph) -> None:
    """Apply what Apollo's schema upgrader does to a Federation 1 subgraph before composing.

    Fields may be resolved by several Federation 1 subgraphs, so every field is shareable; key fields marked
    `@external` on type extensions are not really external; `@external` fields nothing uses are removed.
    """
    for typedef in subgraph.types.values():
        key_fields: set[str] = set()
        for key in typedef.keys:
            parsed = parse_field_set(key.fields)
            if parsed is not None:
                key_fields.update(field_names(parsed))
        for field in typedef.fields.values():
            field.shareable = True
            if field.external and field.name in key_fields and typedef.extension_only:
                field.external = False
                field.upgraded_key = True
    used: set[tuple[str, str]] = set()
    for typedef in subgraph.types.values():
        for key in typedef.keys:
            _mark_used(subgraph, typedef.name, key.fields, used)
        for field in typedef.fields.values():
            if field.requires is not None:
                _mark_used(subgraph, typedef.name, field.requires, used)
            if field.provides is not None:
                _mark_used(subgraph, field.type.strip("[]!"), field.provides, used)
    for typedef in subgraph.types.values():
        for name in [n for n, f in typedef.fields.items() if f.external and (typedef.name, n) not in used]:
            del typedef.fields[name]


def _mark_used(subgraph: Subgraph, type_name: str, text: str, used: set[tuple[str, str]]) -> None:
    parsed = parse_field_set(text)
    if parsed is None:
        return
    stack = [(type_name, parsed)]
    while stack:
        current, selections = stack.pop()
        typedef = subgraph.types.get(current)
        for sel in selections:
            if sel.name == "...":
                stack.append((sel.type_condition or current, sel.children))
                continue
            used.add((current, sel.name))
            if typedef is not None and sel.name in typedef.fields and sel.children:
                stack.append((typedef.fields[sel.name].type.strip("[]!"), sel.children))
