"""`@inaccessible` rules over the merged schema: REFERENCED_INACCESSIBLE, REQUIRED_INACCESSIBLE,
ONLY_INACCESSIBLE_CHILDREN, QUERY_ROOT_TYPE_INACCESSIBLE."""

from __future__ import annotations

from ..errors import CompositionError, error
from ..model import Applied, Kind
from ..supergraph_model import Supergraph
from ..type_ref import is_non_null, named


def _hidden(applied: list[Applied]) -> bool:
    return any(a.name == "inaccessible" for a in applied)


def check(supergraph: Supergraph) -> list[CompositionError]:
    errors: list[CompositionError] = []
    hidden_types = {name for name, t in supergraph.types.items() if t.inaccessible}
    query = supergraph.types.get("Query")
    if query is not None and query.inaccessible:
        errors.append(
            error(
                "QUERY_ROOT_TYPE_INACCESSIBLE",
                'Type "Query" is @inaccessible but is the root query type, which must be in the API schema.',
            )
        )

    def referenced(type_name: str, by: str) -> None:
        errors.append(
            error(
                "REFERENCED_INACCESSIBLE",
                f'Type "{type_name}" is @inaccessible but is referenced by "{by}", which is in the API schema.',
            )
        )

    for merged in supergraph.types.values():
        if merged.inaccessible:
            continue
        if merged.kind in (Kind.OBJECT, Kind.INTERFACE, Kind.INPUT_OBJECT):
            visible = [f for f in merged.fields.values() if not _hidden(f.applied)]
            if merged.fields and not visible:
                errors.append(
                    error(
                        "ONLY_INACCESSIBLE_CHILDREN",
                        f'Type "{merged.name}" is in the API schema but all of its '
                        f"{'input ' if merged.kind is Kind.INPUT_OBJECT else ''}fields are @inaccessible.",
                    )
                )
            for field in visible:
                coordinate = f"{merged.name}.{field.name}"
                if named(field.type) in hidden_types:
                    referenced(named(field.type), coordinate)
                if merged.kind is Kind.INPUT_OBJECT:
                    continue
                for arg in field.args.values():
                    arg_coordinate = f"{coordinate}({arg.name}:)"
                    if _hidden(arg.applied):
                        if is_non_null(arg.type) and arg.default is None:
                            errors.append(
                                error(
                                    "REQUIRED_INACCESSIBLE",
                                    f'Argument "{arg_coordinate}" is @inaccessible but is a required argument of its '
                                    "field.",
                                )
                            )
                    elif named(arg.type) in hidden_types:
                        referenced(named(arg.type), arg_coordinate)
            if merged.kind is Kind.INPUT_OBJECT:
                for field in merged.fields.values():
                    if _hidden(field.applied) and is_non_null(field.type) and field.default is None:
                        errors.append(
                            error(
                                "REQUIRED_INACCESSIBLE",
                                f'Input field "{merged.name}.{field.name}" is @inaccessible but is a required input '
                                "field of its type.",
                            )
                        )
        elif merged.kind is Kind.ENUM:
            if merged.values and all(_hidden(v.applied) for v in merged.values.values()):
                errors.append(
                    error(
                        "ONLY_INACCESSIBLE_CHILDREN",
                        f'Type "{merged.name}" is in the API schema but all of its values are @inaccessible.',
                    )
                )
        elif merged.kind is Kind.UNION and merged.members and all(m in hidden_types for m in merged.members):
            errors.append(
                error(
                    "ONLY_INACCESSIBLE_CHILDREN",
                    f'Type "{merged.name}" is in the API schema but all of its members are @inaccessible.',
                )
            )
    return errors
