"""Subtyping between type references across subgraphs: what "looser" and "stricter" mean when merging."""

from __future__ import annotations

from collections.abc import Mapping, Set


def is_subtype(sub: str, sup: str, abstract_members: Mapping[str, Set[str]]) -> bool:
    """True when a value of type `sub` is always a valid `sup` (covariant output rule, iteratively peeled)."""
    while True:
        if sup.endswith("!"):
            if not sub.endswith("!"):
                return False
            sub, sup = sub[:-1], sup[:-1]
            continue
        if sub.endswith("!"):
            sub = sub[:-1]
            continue
        sub_list, sup_list = sub.startswith("["), sup.startswith("[")
        if sub_list != sup_list:
            return False
        if sub_list:
            sub, sup = sub[1:-1], sup[1:-1]
            continue
        return sub == sup or sub in abstract_members.get(sup, ())


def same_shape(a: str, b: str) -> bool:
    """Same named type and list nesting, nullability ignored."""
    return a.replace("!", "") == b.replace("!", "")


def merge_output(types: list[str], abstract_members: Mapping[str, Set[str]]) -> str | None:
    """The most general of the types (every other is a subtype of it), or None when they are incompatible."""
    for candidate in types:
        if all(is_subtype(t, candidate, abstract_members) for t in types):
            return candidate
    # Nullability may differ at different levels: build the loosest type with one shape.
    if all(same_shape(t, types[0]) for t in types):
        return _loosen(types)
    return None


def merge_input(types: list[str]) -> str | None:
    """The strictest of the types (non-null wherever any subgraph requires it), or None when incompatible."""
    if not all(same_shape(t, types[0]) for t in types):
        return None
    for candidate in types:
        if all(is_subtype(candidate, t, {}) for t in types):
            return candidate
    return None


def _loosen(types: list[str]) -> str:
    # Walk all references in step; a level is non-null only when it is non-null everywhere.
    out: list[str] = []
    closers: list[str] = []
    current = list(types)
    while True:
        non_null = all(t.endswith("!") for t in current)
        current = [t[:-1] if t.endswith("!") else t for t in current]
        closers.append("!" if non_null else "")
        if current[0].startswith("["):
            out.append("[")
            current = [t[1:-1] for t in current]
            closers.append("]")
        else:
            out.append(current[0])
            break
    return "".join(out) + "".join(reversed(closers))
