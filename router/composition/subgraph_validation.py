"""GraphQL validity of one subgraph, as graphql-js would judge it, reported as INVALID_GRAPHQL.

Known directives and their required arguments, known types, input and output positions, union members, and
interface implementations within the subgraph. Loops over the flat definition lists: no recursion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from graphql.language import DirectiveNode, DocumentNode, Node

from .errors import CompositionError, error
from .model import Kind, Subgraph

BUILT_IN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
_INPUT_KINDS = frozenset({Kind.SCALAR, Kind.ENUM, Kind.INPUT_OBJECT})
_OUTPUT_KINDS = frozenset({Kind.SCALAR, Kind.ENUM, Kind.OBJECT, Kind.INTERFACE, Kind.UNION})
# Required arguments of the federation directives, by canonical name.
REQUIRED_ARGUMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "key": (("fields", "FieldSet!"),),
    "requires": (("fields", "FieldSet!"),),
    "provides": (("fields", "FieldSet!"),),
    "override": (("from", "String!"),),
    "tag": (("name", "String!"),),
    "requiresScopes": (("scopes", "[[federation__Scope!]!]!"),),
    "policy": (("policies", "[[federation__Policy!]!]!"),),
    "composeDirective": (("name", "String!"),),
}


def _directives(document: DocumentNode) -> Iterator[DirectiveNode]:
    """Every directive application in the document (definitions, fields, arguments, values)."""
    pending: list[Node] = list(document.definitions)
    while pending:
        node = pending.pop()
        yield from getattr(node, "directives", None) or ()
        for key in ("fields", "arguments", "values"):
            children = getattr(node, key, None)
            if children and not isinstance(node, DirectiveNode):
                pending.extend(c for c in children if isinstance(c, Node))


def check_directives(
    document: DocumentNode,
    subgraph: str,
    canonical: Callable[[str], str | None],
    known: Callable[[str], bool],
    hint: Mapping[str, str] | None = None,
) -> list[CompositionError]:
    """Unknown directives, and federation directives missing a required argument.

    `hint` maps federation directive names the subgraph did not import to their qualified names.
    """
    errors: list[CompositionError] = []
    for directive in _directives(document):
        name = directive.name.value
        federation_name = canonical(name)
        if federation_name is None and not known(name):
            if hint is not None and name in hint:
                errors.append(
                    error(
                        "INVALID_GRAPHQL",
                        f'[{subgraph}] Unknown directive "@{name}". If you meant the "@{name}" federation directive, '
                        f'you should use fully-qualified name "@{hint[name]}" or add "@{name}" to the `import` '
                        "argument of the @link to the federation specification.",
                        subgraph,
                        directive,
                    )
                )
            errors.append(error("INVALID_GRAPHQL", f'[{subgraph}] Unknown directive "@{name}".', subgraph, directive))
            continue
        given = {arg.name.value for arg in directive.arguments or ()}
        for required, type_name in REQUIRED_ARGUMENTS.get(federation_name or "", ()):
            if required not in given:
                errors.append(
                    error(
                        "INVALID_GRAPHQL",
                        f'[{subgraph}] Directive "@{name}" argument "{required}" of type "{type_name}" is required, '
                        "but it was not provided.",
                        subgraph,
                        directive,
                    )
                )
    return errors


def check_types(subgraph: Subgraph) -> list[CompositionError]:
    """Known types, input/output positions, union members, interface fields implemented in this subgraph."""
    errors: list[CompositionError] = []
    types = subgraph.types

    def fail(message: str, node: Node | None) -> None:
        errors.append(error("INVALID_GRAPHQL", f"[{subgraph.name}] {message}", subgraph.name, node))

    def kind_of(ref: str, where: str, node: Node | None) -> Kind | None:
        named = ref.strip("[]!")
        if named in BUILT_IN_SCALARS:
            return Kind.SCALAR
        target = types.get(named)
        if target is None:
            fail(f"Unknown type {named}", node)
            return None
        return target.kind

    for typedef in types.values():
        empty = {
            # (a Federation 1 extension emptied by the upgrade is EXTENSION_WITH_NO_BASE's business, not this)
            Kind.OBJECT: not typedef.fields
            and typedef.name not in ("Query", "Mutation", "Subscription")
            and not (subgraph.fed1 and typedef.extension_only),
            Kind.INTERFACE: not typedef.fields,
            Kind.INPUT_OBJECT: not typedef.input_fields,
            Kind.ENUM: not typedef.values,
            Kind.UNION: not typedef.members,
        }.get(typedef.kind, False)
        if empty:
            what = {Kind.ENUM: "one or more values", Kind.UNION: "one or more member types"}.get(
                typedef.kind, "one or more fields"
            )
            label = {Kind.ENUM: "Enum type ", Kind.UNION: "Union type "}.get(typedef.kind, "Type ")
            fail(f"{label}{typedef.name} must define {what}.", typedef.node)
        for field in typedef.fields.values():
            coordinate = f"{typedef.name}.{field.name}"
            kind = kind_of(field.type, coordinate, field.node)
            if kind is not None and kind not in _OUTPUT_KINDS:
                fail(
                    f'The type of "{coordinate}" must be Output Type but got: "{field.type.strip("[]!")}".', field.node
                )
            for arg in field.args.values():
                kind = kind_of(arg.type, coordinate, arg.node)
                if kind is not None and kind not in _INPUT_KINDS:
                    got = arg.type.strip("[]!")
                    fail(f'The type of "{coordinate}({arg.name}:)" must be Input Type but got "{got}".', arg.node)
        for input_field in typedef.input_fields.values():
            coordinate = f"{typedef.name}.{input_field.name}"
            kind = kind_of(input_field.type, coordinate, input_field.node)
            if kind is not None and kind not in _INPUT_KINDS:
                fail(
                    f'The type of "{coordinate}" must be Input Type but got "{input_field.type.strip("[]!")}".',
                    input_field.node,
                )
        for member in typedef.members:
            target = types.get(member)
            if target is None:
                fail(f'Unknown type "{member}".', typedef.node)
            elif target.kind is not Kind.OBJECT:
                fail(
                    f"Union type {typedef.name} can only include Object types, it cannot include {member}.",
                    typedef.node,
                )
        for interface_name in typedef.interfaces:
            interface = types.get(interface_name)
            if interface is None:
                fail(f'Unknown type "{interface_name}".', typedef.node)
                continue
            if interface.kind is not Kind.INTERFACE:
                fail(
                    f"Type {typedef.name} must only implement Interface types, it cannot implement {interface_name}.",
                    typedef.node,
                )
                continue
            for field_name in interface.fields:
                if field_name not in typedef.fields:
                    fail(
                        f"Interface field {interface_name}.{field_name} expected but {typedef.name} does not "
                        "provide it.",
                        typedef.node,
                    )
    return errors
