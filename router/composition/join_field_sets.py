"""How `@requires` and `@provides` field sets are printed in `@join__field`, as The Guild's composer prints them:
minified, without the key fields the subgraph knows anyway."""

from __future__ import annotations

from .field_set import leaf_paths, parse_field_set, print_field_set
from .model import Kind, Subgraph
from .type_ref import named


def common_key_paths(subgraph: Subgraph, type_name: str) -> frozenset[str]:
    """Leaf paths every @key of the type selects in this subgraph."""
    typedef = subgraph.types.get(type_name)
    common: set[str] | None = None
    for key in typedef.keys if typedef is not None else ():
        parsed = parse_field_set(key.fields)
        if parsed is None:
            continue
        paths = leaf_paths(parsed)
        common = paths if common is None else common & paths
    return frozenset(common or ())


def printed_requires(subgraph: Subgraph, type_name: str, requires: str | None) -> str | None:
    # Like The Guild: key fields are known anyway, so they leave the printed @requires.
    if requires is None:
        return None
    return print_field_set(requires, common_key_paths(subgraph, type_name))


def printed_provides(subgraph: Subgraph, field_type: str, provides: str | None) -> str | None:
    if provides is None:
        return None
    target = subgraph.types.get(named(field_type))
    if target is None or target.kind is Kind.UNION:
        return provides
    removable = common_key_paths(subgraph, target.name) if target.extension_only else frozenset()
    return print_field_set(provides, removable)
