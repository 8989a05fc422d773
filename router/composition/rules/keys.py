"""`@key` rules: KEY_INVALID_FIELDS, KEY_FIELDS_HAS_ARGS, KEY_FIELDS_SELECT_INVALID_TYPE,
KEY_DIRECTIVE_IN_FIELDS_ARG, INTERFACE_KEY_NOT_ON_IMPLEMENTATION."""

from __future__ import annotations

from ..errors import CompositionError, error
from ..field_set import field_set_syntax_error, parse_field_set
from ..model import Kind, Subgraph
from ..selection_walk import walk


def check(subgraph: Subgraph) -> list[CompositionError]:
    errors: list[CompositionError] = []
    for typedef in subgraph.types.values():
        for key in typedef.keys:
            where = f'On type "{typedef.name}", for @key(fields: "{key.fields}")'
            parsed = parse_field_set(key.fields)
            if parsed is None or not parsed:
                reason = field_set_syntax_error(key.fields)
                errors.append(error("KEY_INVALID_FIELDS", f"{where}: {reason}", subgraph.name, key.node))
                continue
            for visited in walk(subgraph, typedef, parsed):
                sel, field = visited.selection, visited.field
                coordinate = f"{visited.parent.name}.{sel.name}"
                if field is None:
                    errors.append(
                        error(
                            "KEY_INVALID_FIELDS",
                            f'{where}: Cannot query field "{sel.name}" on type "{visited.parent.name}" (the field '
                            "should either be added to this subgraph or, if it should not be resolved by this "
                            "subgraph, you need to add it to this subgraph with @external).",
                            subgraph.name,
                            key.node,
                        )
                    )
                    continue
                if sel.has_directives:
                    errors.append(
                        error(
                            "KEY_DIRECTIVE_IN_FIELDS_ARG",
                            f"{where}: cannot have directive applications",
                            subgraph.name,
                            key.node,
                        )
                    )
                if field.args:
                    errors.append(
                        error(
                            "KEY_FIELDS_HAS_ARGS",
                            f"{where}: field {coordinate} cannot be included because it has arguments (fields with "
                            "argument are not allowed in @key)",
                            subgraph.name,
                            key.node,
                        )
                    )
                target = visited.target
                if target is not None and target.kind in (Kind.INTERFACE, Kind.UNION):
                    label = "a Interface" if target.kind is Kind.INTERFACE else "a Union"  # Apollo's wording
                    errors.append(
                        error(
                            "KEY_FIELDS_SELECT_INVALID_TYPE",
                            f'{where}: field "{coordinate}" is {label} type which is not allowed in @key',
                            subgraph.name,
                            key.node,
                        )
                    )
                elif target is not None and target.kind is Kind.OBJECT and not sel.children:
                    errors.append(
                        error(
                            "KEY_INVALID_FIELDS",
                            f'{where}: Field "{sel.name}" of type "{field.type}" must have a selection of subfields.',
                            subgraph.name,
                            key.node,
                        )
                    )
                elif (target is None or target.kind in (Kind.SCALAR, Kind.ENUM)) and sel.children:
                    errors.append(
                        error(
                            "KEY_INVALID_FIELDS",
                            f'{where}: Field "{sel.name}" must not have a selection since type "{field.type}" has no '
                            "subfields.",
                            subgraph.name,
                            key.node,
                        )
                    )
    errors.extend(_interface_keys(subgraph))
    return errors


def _normal(fields: str) -> str:
    return " ".join(fields.replace(",", " ").split())


def _interface_keys(subgraph: Subgraph) -> list[CompositionError]:
    errors: list[CompositionError] = []
    implementations: dict[str, list[str]] = {}
    for typedef in subgraph.types.values():
        if typedef.kind is Kind.OBJECT:
            for interface in typedef.interfaces:
                implementations.setdefault(interface, []).append(typedef.name)
    for typedef in subgraph.types.values():
        if typedef.kind is not Kind.INTERFACE:
            continue
        for key in typedef.keys:
            wanted = _normal(key.fields)
            missing = [
                name
                for name in implementations.get(typedef.name, [])
                if not any(_normal(k.fields) == wanted for k in subgraph.types[name].keys)
            ]
            if missing:
                names = ", ".join(f'"{n}"' for n in missing)
                errors.append(
                    error(
                        "INTERFACE_KEY_NOT_ON_IMPLEMENTATION",
                        f'Key @key(fields: "{key.fields}") on interface type "{typedef.name}" is missing on '
                        f"implementation type{'s' if len(missing) > 1 else ''} {names}.",
                        subgraph.name,
                        key.node,
                    )
                )
    return errors
