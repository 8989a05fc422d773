"""What every merged element carries: the description most subgraphs agree on and the kept directives."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Applied


def pick_description(descriptions: Sequence[str | None]) -> str | None:
    """The first non-empty description, in subgraph order (The Guild's rule; Apollo takes the most common)."""
    return next((d for d in descriptions if d and d.strip()), None)


def merge_applied(lists: Sequence[Sequence[Applied]]) -> list[Applied]:
    """Union of kept directive applications; a non-repeatable directive keeps its first application."""
    out: list[Applied] = []
    names: set[str] = set()
    for applied in lists:
        for item in applied:
            if item in out or (not item.repeatable and item.name in names):
                continue
            out.append(item)
            names.add(item.name)
    return out
