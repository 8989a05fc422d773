"""What every merged element carries: the description most subgraphs agree on and the kept directives."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from .model import Applied

_ARGUMENT = {"requiresScopes": "scopes", "policy": "policies"}


def pick_description(descriptions: Sequence[str | None]) -> str | None:
    """The first non-empty description, in subgraph order (The Guild's rule; Apollo takes the most common)."""
    return next((d for d in descriptions if d and d.strip()), None)


def merge_applied(lists: Sequence[Sequence[Applied]]) -> list[Applied]:
    """Union of kept directive applications; a non-repeatable directive keeps its first application, except
    `@requiresScopes` and `@policy` (every subgraph's requirement must hold: their AND) and `@cost` (the highest)."""
    out: list[Applied] = []
    where: dict[str, int] = {}
    for applied in lists:
        for item in applied:
            if item in out:
                continue
            if item.repeatable or item.name not in where:
                where.setdefault(item.name, len(out))
                out.append(item)
                continue
            index = where[item.name]
            out[index] = _combine(out[index], item)
    return out


def _combine(first: Applied, second: Applied) -> Applied:
    if first.name in _ARGUMENT and isinstance(first.data, tuple) and isinstance(second.data, tuple):
        both = _conjunction(first.data, second.data)
        printed = "[" + ", ".join("[" + ", ".join(json.dumps(s) for s in group) + "]" for group in both) + "]"
        return replace(first, arguments=(f"{_ARGUMENT[first.name]}: {printed}",), data=both)
    if first.name == "cost" and isinstance(first.data, int) and isinstance(second.data, int):
        return second if second.data > first.data else first
    return first


def _conjunction(left: tuple[tuple[str, ...], ...], right: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """(A or B) and (C or D) as an OR of ANDs, duplicates removed, groups that include another group dropped."""
    groups: list[tuple[str, ...]] = []
    for a in left:
        for b in right:
            merged = tuple(dict.fromkeys((*a, *b)))
            if merged not in groups:
                groups.append(merged)
    return tuple(g for g in groups if not any(set(o) < set(g) for o in groups))
