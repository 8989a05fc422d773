"""Schema changes between two API schemas: graphql-core's diff, with a stable code, a severity and a coordinate.

The code is graphql-core's change type name (`FIELD_REMOVED`, `ARG_CHANGED_KIND`, `VALUE_ADDED_TO_ENUM`, ...), which
is what Apollo and Hive report under similar names; the message is graphql-core's description. Each breaking change
also says which usages it breaks (`usage`): alternatives, each a set of schema coordinates an operation must all touch
(see `usage.operation_coordinates`) to be affected. Unknown descriptions fall back to "every operation is affected",
so a new graphql-core change type can only make checks stricter, never silently lenient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from graphql import GraphQLSchema, is_input_object_type
from graphql.utilities import find_schema_changes
from graphql.utilities.find_schema_changes import BreakingChangeType, DangerousChangeType

from registry.domain.usage import EVERYTHING, input_usage


class Severity(StrEnum):
    """How a change affects existing clients."""

    BREAKING = "BREAKING"
    DANGEROUS = "DANGEROUS"
    SAFE = "SAFE"


Usage = tuple[frozenset[str], ...]


@dataclass(frozen=True, slots=True)
class SchemaChange:
    """One change of the API schema."""

    code: str
    severity: Severity
    message: str
    coordinate: str | None
    #: Breaking changes only: an operation is affected when it touches every coordinate of one alternative.
    usage: Usage = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "coordinate": self.coordinate,
        }


_NAME = r"[_A-Za-z][_0-9A-Za-z]*"
_ARG = re.compile(rf"(@?{_NAME}(?:\.{_NAME})?)\(({_NAME}):\)")
_MEMBER = re.compile(rf"({_NAME})\.({_NAME})")
_FIRST = re.compile(
    rf"^(?:Standard scalar |Directive |Description of (?:field |input-field |argument |enum value )?)?(@?{_NAME})"
)
_UNION = re.compile(rf"^({_NAME}) was removed from union type ({_NAME})\.")
_INTERFACE = re.compile(rf"^({_NAME}) no longer implements interface ({_NAME})\.")
_DIRECTIVE = re.compile(rf"(@{_NAME})")


def _coordinate(description: str) -> str | None:
    """The schema coordinate a change is about (`Type`, `Type.field`, `Type.field(arg:)`, `@directive`)."""
    text = description.split(' has changed to "', 1)[0]  # never look inside a quoted new description
    argument = _ARG.search(text)
    if argument:
        return f"{argument.group(1)}({argument.group(2)}:)"
    if "@" in text:  # every directive change names its directive with the `@`
        directive = _DIRECTIVE.search(text)
        return directive.group(1) if directive else None
    member = _MEMBER.search(text)
    if member:
        return member.group(0)
    first = _FIRST.match(text)
    return first.group(1) if first else None


def _field_usage(coordinate: str, old: GraphQLSchema) -> Usage:
    owner = coordinate.split(".", 1)[0]
    if is_input_object_type(old.get_type(owner)):
        # A literal names the field; a variable of the input type may carry it.
        return (frozenset({coordinate}), frozenset({input_usage(owner)}))
    return (frozenset({coordinate}),)


def _breaking_usage(kind: BreakingChangeType, description: str, coordinate: str | None, old: GraphQLSchema) -> Usage:
    """Which operations a breaking change breaks, as alternatives of coordinate sets."""
    if coordinate is None:
        return (frozenset({EVERYTHING}),)
    owner = coordinate.split("(", 1)[0]
    match kind:
        case BreakingChangeType.TYPE_REMOVED | BreakingChangeType.TYPE_CHANGED_KIND:
            return (frozenset({coordinate}),)
        case BreakingChangeType.TYPE_REMOVED_FROM_UNION:
            union = _UNION.match(description)
            if union:
                return (frozenset({union.group(1), union.group(2)}),)
        case BreakingChangeType.IMPLEMENTED_INTERFACE_REMOVED:
            interface = _INTERFACE.match(description)
            if interface:
                return (frozenset({interface.group(1), interface.group(2)}),)
        case BreakingChangeType.VALUE_REMOVED_FROM_ENUM:
            enum = coordinate.split(".", 1)[0]
            return (frozenset({coordinate}), frozenset({input_usage(enum)}))
        case BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED:
            return (frozenset({input_usage(coordinate.split(".", 1)[0])}),)
        case BreakingChangeType.FIELD_REMOVED | BreakingChangeType.FIELD_CHANGED_KIND:
            return _field_usage(coordinate, old)
        case BreakingChangeType.REQUIRED_ARG_ADDED | BreakingChangeType.REQUIRED_DIRECTIVE_ARG_ADDED:
            return (frozenset({owner}),)
        case BreakingChangeType.ARG_REMOVED | BreakingChangeType.ARG_CHANGED_KIND:
            return (frozenset({coordinate}),)
        case BreakingChangeType.DIRECTIVE_ARG_REMOVED:
            return (frozenset({coordinate}),)
        case (
            BreakingChangeType.DIRECTIVE_REMOVED
            | BreakingChangeType.DIRECTIVE_REPEATABLE_REMOVED
            | BreakingChangeType.DIRECTIVE_LOCATION_REMOVED
        ):
            directive = _DIRECTIVE.search(description)
            if directive:
                return (frozenset({directive.group(1)}),)
    return (frozenset({EVERYTHING}),)


def schema_changes(old: GraphQLSchema, new: GraphQLSchema) -> tuple[SchemaChange, ...]:
    """Every change from `old` to `new`, breaking first, then dangerous, then safe (stable within each group)."""
    changes: list[SchemaChange] = []
    for found in find_schema_changes(old, new):
        coordinate = _coordinate(found.description)
        if isinstance(found.type, BreakingChangeType):
            usage = _breaking_usage(found.type, found.description, coordinate, old)
            changes.append(SchemaChange(found.type.name, Severity.BREAKING, found.description, coordinate, usage))
        elif isinstance(found.type, DangerousChangeType):
            changes.append(SchemaChange(found.type.name, Severity.DANGEROUS, found.description, coordinate))
        else:
            changes.append(SchemaChange(found.type.name, Severity.SAFE, found.description, coordinate))
    order = {Severity.BREAKING: 0, Severity.DANGEROUS: 1, Severity.SAFE: 2}
    return tuple(sorted(changes, key=lambda c: order[c.severity]))
