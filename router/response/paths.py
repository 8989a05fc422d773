"""Response paths as cons lists: `(parent, key)` pairs, `None` at the root. Pure.

Walks over a response (shaping, locating the objects of an entity fetch) extend a path at every step but need it as
a list only when an error points there, so a step costs one tuple and `path_list` runs only for errors.
"""

from __future__ import annotations

from typing import Any

#: A response path: None (the root) or (parent path, key), where a key is a response key or a list index.
Path = tuple[Any, str | int] | None


def path_list(path: Path) -> list[str | int]:
    """The path as a list, root first."""
    out: list[str | int] = []
    while path is not None:
        path, key = path
        out.append(key)
    out.reverse()
    return out
