"""What an operation touches in a schema, as schema coordinates, and whether it is valid there.

`operation_coordinates` walks a document with graphql-core's `TypeInfo` and records:
- `Type` for every type the operation names or selects from (parent types, field return types, type conditions,
  variable types),
- `Type.field` for selected fields and for input-object fields written as literals,
- `Type.field(arg:)` for arguments given, `@directive` and `@directive(arg:)` for directives used,
- `Enum.VALUE` for enum values written as literals,
- `input:Type` for every input type a variable can carry (followed through input-object fields), because a variable
  may send any value of its type at run time, and for the type of every input-object literal.
`EVERYTHING` is in every operation's set: a change whose reach is unknown affects all operations.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ArgumentNode,
    DirectiveNode,
    DocumentNode,
    EnumValueNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLInputType,
    GraphQLSchema,
    InlineFragmentNode,
    ObjectFieldNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    Visitor,
    get_named_type,
    is_input_object_type,
    type_from_ast,
    validate,
    visit,
)

EVERYTHING = "*"


def input_usage(type_name: str) -> str:
    """The coordinate meaning "values of this input type may be sent"."""
    return f"input:{type_name}"


def _input_closure(type_: GraphQLInputType | None, into: set[str]) -> None:
    """Add `input:T` for `type_` and every input type reachable through its input-object fields."""
    stack = [get_named_type(type_)] if type_ is not None else []
    while stack:
        named = stack.pop()
        if named is None or input_usage(named.name) in into:
            continue
        into.add(input_usage(named.name))
        if is_input_object_type(named):
            stack.extend(get_named_type(f.type) for f in named.fields.values())


class _Collector(Visitor):
    def __init__(self, schema: GraphQLSchema, type_info: TypeInfo) -> None:
        super().__init__()
        self.schema = schema
        self.type_info = type_info
        self.found: set[str] = {EVERYTHING}
        self.fields: list[str | None] = []

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.type_info.get_parent_type()
        definition = self.type_info.get_field_def()
        coordinate = None
        if parent is not None and definition is not None:
            coordinate = f"{parent.name}.{node.name.value}"
            self.found.update({parent.name, coordinate, get_named_type(definition.type).name})
        self.fields.append(coordinate)

    def leave_field(self, *_: Any) -> None:
        self.fields.pop()

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        directive = self.type_info.get_directive()
        if directive is not None:
            self.found.add(f"@{directive.name}({node.name.value}:)")
        elif self.fields and self.fields[-1] is not None:
            self.found.add(f"{self.fields[-1]}({node.name.value}:)")

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        self.found.add(f"@{node.name.value}")

    def enter_inline_fragment(self, node: InlineFragmentNode, *_: Any) -> None:
        if node.type_condition is not None:
            self.found.add(node.type_condition.name.value)

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_: Any) -> None:
        self.found.add(node.type_condition.name.value)

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: Any) -> None:
        type_ = type_from_ast(self.schema, node.type)
        if type_ is not None:
            self.found.add(get_named_type(type_).name)
            _input_closure(type_, self.found)  # type: ignore[arg-type]

    def enter_enum_value(self, node: EnumValueNode, *_: Any) -> None:
        enum = get_named_type(self.type_info.get_input_type())
        if enum is not None:
            self.found.add(f"{enum.name}.{node.value}")

    def enter_object_value(self, *_: Any) -> None:
        # An input-object literal names its type: a new required field makes it incomplete.
        literal = get_named_type(self.type_info.get_input_type())
        if literal is not None:
            self.found.add(input_usage(literal.name))

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        parent = get_named_type(self.type_info.get_parent_input_type())
        if parent is not None:
            self.found.update({parent.name, f"{parent.name}.{node.name.value}"})


def operation_coordinates(schema: GraphQLSchema, document: DocumentNode) -> frozenset[str]:
    """Every schema coordinate `document` touches in `schema` (see the module docstring)."""
    type_info = TypeInfo(schema)
    collector = _Collector(schema, type_info)
    visit(document, TypeInfoVisitor(type_info, collector))
    return frozenset(collector.found)


def touches(coordinates: frozenset[str], usage: tuple[frozenset[str], ...]) -> bool:
    """True when the operation touches every coordinate of at least one alternative."""
    return any(alternative <= coordinates for alternative in usage)


def validation_errors(schema: GraphQLSchema, document: DocumentNode) -> tuple[str, ...]:
    """graphql-core's validation messages for `document` against `schema` (empty when valid)."""
    return tuple(error.message for error in validate(schema, document))
