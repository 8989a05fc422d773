"""`@requires` and `@provides` rules: *_INVALID_FIELDS, *_FIELDS_MISSING_EXTERNAL, PROVIDES_ON_NON_OBJECT_FIELD,
*_UNSUPPORTED_ON_INTERFACE."""

from __future__ import annotations

from graphql.language import Node

from ..errors import CompositionError, error
from ..field_set import field_set_syntax_error, parse_field_set
from ..model import Kind, Subgraph, TypeDef
from ..selection_walk import walk


def check(subgraph: Subgraph) -> list[CompositionError]:
    errors: list[CompositionError] = []
    for typedef in subgraph.types.values():
        for field in typedef.fields.values():
            coordinate = f"{typedef.name}.{field.name}"
            if field.requires is not None:
                if typedef.kind is Kind.INTERFACE:
                    errors.append(
                        error(
                            "REQUIRES_UNSUPPORTED_ON_INTERFACE",
                            f'Cannot use @requires on field "{coordinate}" of parent type "{typedef.name}": '
                            "@requires is not yet supported within interfaces",
                            subgraph.name,
                            field.requires_node,
                        )
                    )
                else:
                    errors.extend(
                        _check_set(subgraph, typedef, field.requires, "requires", coordinate, field.requires_node)
                    )
            if field.provides is not None:
                target = subgraph.types.get(field.type.strip("[]!"))
                if typedef.kind is Kind.INTERFACE:
                    errors.append(
                        error(
                            "PROVIDES_UNSUPPORTED_ON_INTERFACE",
                            f'Cannot use @provides on field "{coordinate}" of parent type "{typedef.name}": '
                            "@provides is not yet supported within interfaces",
                            subgraph.name,
                            field.provides_node,
                        )
                    )
                elif target is None or target.kind not in (Kind.OBJECT, Kind.INTERFACE, Kind.UNION):
                    errors.append(
                        error(
                            "PROVIDES_ON_NON_OBJECT_FIELD",
                            f'Invalid @provides directive on field "{coordinate}": field has type "{field.type}" '
                            "which is not a Composite Type",
                            subgraph.name,
                            field.provides_node,
                        )
                    )
                else:
                    errors.extend(
                        _check_set(subgraph, target, field.provides, "provides", coordinate, field.provides_node)
                    )
    return errors


def _check_set(
    subgraph: Subgraph, root: TypeDef, text: str, directive: str, coordinate: str, node: Node | None
) -> list[CompositionError]:
    code = directive.upper()
    where = f'On field "{coordinate}", for @{directive}(fields: "{text}")'
    parsed = parse_field_set(text)
    if parsed is None or not parsed:
        reason = field_set_syntax_error(text)
        return [error(f"{code}_INVALID_FIELDS", f"{where}: {reason}", subgraph.name, node)]
    errors: list[CompositionError] = []
    for visited in walk(subgraph, root, parsed):
        sel, field = visited.selection, visited.field
        if field is None:
            errors.append(
                error(
                    f"{code}_INVALID_FIELDS",
                    f'{where}: Cannot query field "{sel.name}" on type "{visited.parent.name}" (if the field is '
                    "defined in another subgraph, you need to add it to this subgraph with @external).",
                    subgraph.name,
                    node,
                )
            )
            continue
        if sel.has_directives:
            errors.append(
                error(
                    f"{code}_DIRECTIVE_IN_FIELDS_ARG",
                    f"{where}: cannot have directive applications",
                    subgraph.name,
                    node,
                )
            )
        if directive == "provides" and field.args:
            errors.append(error("PROVIDES_FIELDS_HAS_ARGS", f"{where}: field has arguments", subgraph.name, node))
        target = visited.target
        if target is not None and target.kind in (Kind.OBJECT, Kind.INTERFACE, Kind.UNION) and not sel.children:
            errors.append(
                error(
                    f"{code}_INVALID_FIELDS",
                    f'{where}: Field "{sel.name}" of type "{field.type}" must have a selection of subfields.',
                    subgraph.name,
                    node,
                )
            )
            continue
        # Like The Guild's composer, only top-level leaf fields must be @external; nested ones may be local.
        is_leaf = target is None or target.kind in (Kind.SCALAR, Kind.ENUM)
        if not subgraph.fed1 and not field.external and visited.parent_field is None and is_leaf:
            errors.append(
                error(
                    f"{code}_FIELDS_MISSING_EXTERNAL",
                    f'{where}: field "{visited.parent.name}.{sel.name}" should not be part of a @{directive} since '
                    f"it is already provided by this subgraph (it is "
                    "not marked @external)",
                    subgraph.name,
                    node,
                )
            )
    return errors
