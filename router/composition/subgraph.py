"""Reading one subgraph: parse its SDL, resolve its `@link` imports and renames, upgrade Federation 1, build the model.

Errors found here (INVALID_GRAPHQL, UNKNOWN_FEDERATION_LINK_VERSION) are returned, never raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphql import GraphQLSyntaxError, parse, print_ast
from graphql.language import (
    DefinitionNode,
    DirectiveDefinitionNode,
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    FieldDefinitionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ListValueNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ObjectValueNode,
    ScalarTypeDefinitionNode,
    ScalarTypeExtensionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
)

from .directive_args import bool_arg, directive_data, import_names, print_args, print_value, string_arg
from .errors import CompositionError, SourceLocation, error
from .federation1 import upgrade_federation_1
from .model import (
    Applied,
    DirectiveDefinition,
    EnumValueDef,
    FieldDef,
    InputValueDef,
    KeyDef,
    Kind,
    Subgraph,
    SubgraphSource,
    TypeDef,
)
from .subgraph_validation import check_directives, check_types
from .type_ref import from_node

FEDERATION_URL = re.compile(r"^https://specs\.apollo\.dev/federation/(v\d+\.\d+)$")
# The versions The Guild's composer (our oracle) knows; Apollo adds newer ones over time.
KNOWN_VERSIONS = frozenset(f"v2.{minor}" for minor in range(10))

# Elements of the federation spec and the version that introduced them (what `import:` may name).
SPEC_ELEMENTS: dict[str, int] = {
    "@key": 0, "@requires": 0, "@provides": 0, "@external": 0, "@shareable": 0, "@extends": 0, "@override": 0,
    "@inaccessible": 0, "@tag": 0, "FieldSet": 0, "@composeDirective": 1, "@interfaceObject": 3,
    "@authenticated": 5, "@requiresScopes": 5, "Scope": 5, "@policy": 6, "Policy": 6, "@context": 8,
    "@fromContext": 8, "ContextFieldValue": 8, "@cost": 9, "@listSize": 9,
}  # fmt: skip
FEDERATION_DIRECTIVES = frozenset(
    {
        "key", "external", "requires", "provides", "shareable", "override", "inaccessible", "tag",
        "interfaceObject", "extends", "composeDirective", "authenticated", "requiresScopes", "policy",
        "context", "fromContext", "cost", "listSize",
    }
)  # fmt: skip
# Directives copied into the supergraph as applied in the subgraph.
KEPT_DIRECTIVES = frozenset({"tag", "inaccessible", "authenticated", "requiresScopes", "policy", "cost", "listSize"})
LIST_SIZE_ARGUMENTS = {"assumedSize": 0, "slicingArguments": 1, "sizedFields": 2, "requireOneSlicingArgument": 3}
BUILT_IN_KEPT = frozenset({"deprecated", "specifiedBy", "oneOf"})
# Federation machinery a subgraph may print in its SDL; never part of the composed schema.
MACHINERY_TYPES = frozenset(
    {
        "_Any", "_Entity", "_Service", "_FieldSet", "FieldSet", "link__Import", "link__Purpose",
        "federation__FieldSet", "federation__Scope", "federation__Policy", "federation__ContextFieldValue",
        "policy__Policy", "requiresScopes__Scope", "federation__Any", "federation__Service",
    }
)  # fmt: skip
_CONTEXT_FIELD = re.compile(r"^\s*\$([_A-Za-z][_0-9A-Za-z]*)(.*)$", re.DOTALL)
ROOT_NAMES = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}

_TYPE_KIND: dict[type, Kind] = {
    ObjectTypeDefinitionNode: Kind.OBJECT,
    ObjectTypeExtensionNode: Kind.OBJECT,
    InterfaceTypeDefinitionNode: Kind.INTERFACE,
    InterfaceTypeExtensionNode: Kind.INTERFACE,
    UnionTypeDefinitionNode: Kind.UNION,
    UnionTypeExtensionNode: Kind.UNION,
    EnumTypeDefinitionNode: Kind.ENUM,
    EnumTypeExtensionNode: Kind.ENUM,
    InputObjectTypeDefinitionNode: Kind.INPUT_OBJECT,
    InputObjectTypeExtensionNode: Kind.INPUT_OBJECT,
    ScalarTypeDefinitionNode: Kind.SCALAR,
    ScalarTypeExtensionNode: Kind.SCALAR,
}


class _Names:
    """Local directive name -> canonical federation name, from the subgraph's `@link` imports."""

    def __init__(self) -> None:
        self.local: dict[str, str] = {}

    def canonical(self, local_name: str) -> str | None:
        return self.local.get(local_name)


def read_subgraph(source: SubgraphSource) -> tuple[Subgraph | None, list[CompositionError]]:
    """Parse and normalise one subgraph; returns the model or the errors that stop it."""
    try:
        document = parse(source.sdl)
    except GraphQLSyntaxError as exc:
        location = exc.locations[0] if exc.locations else None
        found = CompositionError(
            "INVALID_GRAPHQL",
            exc.message,
            source.name,
            (SourceLocation(location.line, location.column),) if location else (),
        )
        return None, [found]
    return _Reader(source, document).read()


class _Reader:
    """Builds the `Subgraph` model from a parsed document."""

    def __init__(self, source: SubgraphSource, document: DocumentNode) -> None:
        self.source = source
        self.document = document
        self.errors: list[CompositionError] = []
        self.names = _Names()
        self.rename: dict[str, str] = {}
        self.version = "v1.0"
        self.composed: set[str] = set()  # local names of @composeDirective'd directives
        self.directive_defs: dict[str, DirectiveDefinitionNode] = {}
        self.other_links: list[tuple[str, list[str]]] = []  # (url, imported names) of non-federation links

    def fail(self, code: str, message: str, node: DefinitionNode | DirectiveNode | None = None) -> None:
        self.errors.append(error(code, message, self.source.name, node))

    def read(self) -> tuple[Subgraph | None, list[CompositionError]]:
        schema_nodes = [
            d for d in self.document.definitions if isinstance(d, SchemaDefinitionNode | SchemaExtensionNode)
        ]
        self._read_links(schema_nodes)
        if self.errors:
            return None, self.errors
        for node in schema_nodes:
            for op in node.operation_types or ():
                canonical = ROOT_NAMES[op.operation.value]
                if op.type.name.value != canonical:
                    self.rename[op.type.name.value] = canonical
        for definition in self.document.definitions:
            if isinstance(definition, DirectiveDefinitionNode):
                self.directive_defs[definition.name.value] = definition
        subgraph = Subgraph(self.source.name, self.source.url, self.version)
        for name in self.composed:
            definition_node = self.directive_defs.get(name)
            if definition_node is None:
                self.fail("DIRECTIVE_COMPOSITION_ERROR", f'Could not find matching directive definition "@{name}"')
                continue
            for url, imported in self.other_links:
                if f"@{name}" in imported and url not in (u for u, _ in subgraph.links):
                    subgraph.links.append((url, f'@link(url: "{url}", import: ["@{name}"])'))
            subgraph.composed_directives[name] = DirectiveDefinition(
                name,
                print_ast(definition_node),
                definition_node.repeatable,
                frozenset(loc.value for loc in definition_node.locations or ()),
            )
        for definition in self.document.definitions:
            if isinstance(definition, TypeDefinitionNode | TypeExtensionNode):
                self._read_type(subgraph, definition)
        subgraph.enum_order = _enum_order(subgraph)
        if self.version == "v1.0":
            upgrade_federation_1(subgraph)
        self.errors.extend(check_types(subgraph))
        hint: dict[str, str] = {}
        if self.version != "v1.0":
            qualified = {canonical: local for local, canonical in self.names.local.items() if "__" in local}
            hint = {name: qualified[name] for name in FEDERATION_DIRECTIVES if name in qualified}
        self.errors.extend(
            check_directives(self.document, self.source.name, self.names.canonical, self._known_directive, hint)
        )
        return (None if self.errors else subgraph), self.errors

    def _known_directive(self, name: str) -> bool:
        if name in BUILT_IN_KEPT or name in ("link", "include", "skip") or name in self.directive_defs:
            return True
        return any(f"@{name}" in imported for _, imported in self.other_links)

    # -- @link -----------------------------------------------------------------------------------------------

    def _read_links(self, schema_nodes: Iterable[SchemaDefinitionNode | SchemaExtensionNode]) -> None:
        federation_link: DirectiveNode | None = None
        for node in schema_nodes:
            for directive in node.directives or ():
                if directive.name.value != "link":
                    continue
                url = string_arg(directive, "url") or ""
                match = FEDERATION_URL.match(url)
                if not match:
                    self.other_links.append((url, import_names(directive)))
                if match:
                    federation_link = directive
                    self.version = match.group(1)
                    if self.version not in KNOWN_VERSIONS:
                        self.fail(
                            "UNKNOWN_FEDERATION_LINK_VERSION",
                            f"Invalid version {self.version} for the federation feature in @link directive on schema",
                            directive,
                        )
                        return
        if federation_link is None:
            for name in FEDERATION_DIRECTIVES:
                self.names.local[name] = name
            return
        namespace = string_arg(federation_link, "as") or "federation"
        for name in FEDERATION_DIRECTIVES:
            self.names.local[f"{namespace}__{name}"] = name
        for arg in federation_link.arguments or ():
            if arg.name.value != "import" or not isinstance(arg.value, ListValueNode):
                continue
            for value in arg.value.values or ():
                original: str | None = None
                alias: str | None = None
                if isinstance(value, StringValueNode):
                    original = value.value
                elif isinstance(value, ObjectValueNode):
                    for entry in value.fields or ():
                        if isinstance(entry.value, StringValueNode):
                            if entry.name.value == "name":
                                original = entry.value.value
                            elif entry.name.value == "as":
                                alias = entry.value.value
                if original is None:
                    continue
                introduced = SPEC_ELEMENTS.get(original)
                if introduced is None or introduced > int(self.version.split(".")[1]):
                    self.fail(
                        "INVALID_LINK_DIRECTIVE_USAGE",
                        f'[{self.source.name}] Cannot import unknown element "{original}".',
                        federation_link,
                    )
                    continue
                if not original.startswith("@"):
                    continue
                canonical = original[1:]
                if canonical in FEDERATION_DIRECTIVES:
                    self.names.local[(alias or original)[1:]] = canonical
        for node in schema_nodes:
            for directive in node.directives or ():
                if self.names.canonical(directive.name.value) == "composeDirective":
                    composed_name = string_arg(directive, "name")
                    if composed_name:
                        self.composed.add(composed_name.lstrip("@"))

    # -- types -----------------------------------------------------------------------------------------------

    def _read_type(self, subgraph: Subgraph, node: TypeDefinitionNode | TypeExtensionNode) -> None:
        raw_name = node.name.value
        if raw_name in MACHINERY_TYPES:
            return
        if raw_name.startswith("__"):
            self.fail(
                "INVALID_GRAPHQL",
                f'Name "{raw_name}" must not begin with "__", which is reserved by GraphQL introspection.',
                node,
            )
            return
        name = self.rename.get(raw_name, raw_name)
        kind = _TYPE_KIND[type(node)]
        is_extension = isinstance(node, TypeExtensionNode)
        description = getattr(node, "description", None)
        existing = subgraph.types.get(name)
        if existing is None:
            existing = TypeDef(kind, name, description.value if description else None, node)
            existing.extension_only = is_extension
            subgraph.types[name] = existing
        elif existing.kind is not kind:
            self.fail("INVALID_GRAPHQL", f'Type "{name}" is defined more than once with different kinds', node)
            return
        else:
            if not is_extension and existing.node is not None and not isinstance(existing.node, TypeExtensionNode):
                self.fail("INVALID_GRAPHQL", f'There can be only one type named "{name}".', node)
            if not is_extension:
                existing.extension_only = False
                existing.node = node
                if description:
                    existing.description = description.value
        typedef = existing
        directives = node.directives or ()
        has_extends = any(self.names.canonical(d.name.value) == "extends" for d in directives)
        if has_extends:
            typedef.extension_only = True
            typedef.extends_directive = True
        shareable_here = False
        external_here = False  # `@external` on a type definition marks each of its fields
        for directive in directives:
            canonical = self.names.canonical(directive.name.value)
            external_here = external_here or canonical == "external"
            if canonical == "key":
                fields = string_arg(directive, "fields")
                typedef.keys.append(
                    KeyDef(
                        fields if fields is not None else "",
                        bool_arg(directive, "resolvable", True),
                        is_extension or has_extends,
                        directive,
                    )
                )
            elif canonical == "shareable":
                shareable_here = True
                typedef.shareable = True
            elif canonical == "interfaceObject":
                typedef.interface_object = True
            elif canonical == "inaccessible":
                typedef.inaccessible = True
            elif canonical == "context":
                context = string_arg(directive, "name")
                if context:
                    typedef.contexts.append(f"{self.source.name}__{context}")
            self._keep(directive, canonical, typedef.applied)
        if isinstance(
            node,
            ObjectTypeDefinitionNode
            | ObjectTypeExtensionNode
            | InterfaceTypeDefinitionNode
            | InterfaceTypeExtensionNode,
        ):
            for interface in node.interfaces or ():
                iname = interface.name.value
                if iname not in typedef.interfaces:
                    typedef.interfaces.append(iname)
            for field_node in node.fields or ():
                if name == "Query" and field_node.name.value in ("_service", "_entities"):
                    continue
                field = self._read_field(field_node)
                seen_args: set[str] = set()
                for arg_node in field_node.arguments or ():
                    if arg_node.name.value in seen_args:
                        self.fail(
                            "INVALID_GRAPHQL",
                            f'Argument "{name}.{field.name}({arg_node.name.value}:)" can only be defined once.',
                            arg_node,
                        )
                    seen_args.add(arg_node.name.value)
                field.shareable = field.shareable or shareable_here
                field.external = field.external or external_here
                if field.name in typedef.fields:
                    self.fail("INVALID_GRAPHQL", f'Field "{name}.{field.name}" can only be defined once.', node)
                typedef.fields[field.name] = field
        elif isinstance(node, UnionTypeDefinitionNode | UnionTypeExtensionNode):
            for member in node.types or ():
                mname = self.rename.get(member.name.value, member.name.value)
                if mname not in typedef.members:
                    typedef.members.append(mname)
        elif isinstance(node, EnumTypeDefinitionNode | EnumTypeExtensionNode):
            for value in node.values or ():
                applied: list[Applied] = []
                inaccessible = False
                for directive in value.directives or ():
                    canonical = self.names.canonical(directive.name.value)
                    inaccessible = inaccessible or canonical == "inaccessible"
                    self._keep(directive, canonical, applied)
                if value.name.value in typedef.values:
                    self.fail(
                        "INVALID_GRAPHQL", f'Enum value "{name}.{value.name.value}" can only be defined once.', value
                    )
                typedef.values[value.name.value] = EnumValueDef(
                    value.name.value,
                    value.description.value if value.description else None,
                    applied,
                    inaccessible,
                    value,
                )
        elif isinstance(node, InputObjectTypeDefinitionNode | InputObjectTypeExtensionNode):
            for input_node in node.fields or ():
                if input_node.name.value in typedef.input_fields:
                    self.fail(
                        "INVALID_GRAPHQL", f'Field "{name}.{input_node.name.value}" can only be defined once.', node
                    )
                typedef.input_fields[input_node.name.value] = self._read_input_value(input_node)

    def _keep(self, directive: DirectiveNode, canonical: str | None, into: list[Applied]) -> None:
        name = directive.name.value
        if canonical in KEPT_DIRECTIVES:
            arguments = list(directive.arguments or ())
            if canonical == "listSize":  # printed in the spec's argument order
                arguments.sort(key=lambda a: LIST_SIZE_ARGUMENTS.get(a.name.value, len(LIST_SIZE_ARGUMENTS)))
            applied = Applied(canonical, print_args(arguments), canonical == "tag", data=directive_data(directive))
        elif canonical is None and name in BUILT_IN_KEPT:
            applied = Applied(name, print_args(directive.arguments or ()))
        elif canonical is None and name in self.composed:
            definition = self.directive_defs.get(name)
            repeatable = definition is not None and definition.repeatable
            applied = Applied(name, print_args(directive.arguments or ()), repeatable, composed=True)
        else:
            return
        if applied not in into:
            into.append(applied)

    def _read_field(self, node: FieldDefinitionNode) -> FieldDef:
        field = FieldDef(
            node.name.value,
            from_node(node.type, self.rename),
            {arg.name.value: self._read_input_value(arg) for arg in node.arguments or ()},
            node.description.value if node.description else None,
            [],
            node,
        )
        for directive in node.directives or ():
            canonical = self.names.canonical(directive.name.value)
            if canonical == "external":
                field.external = True
            elif canonical == "shareable":
                field.shareable = True
            elif canonical == "inaccessible":
                field.inaccessible = True
            elif canonical == "requires":
                field.requires = string_arg(directive, "fields") or ""
                field.requires_node = directive
            elif canonical == "provides":
                field.provides = string_arg(directive, "fields") or ""
                field.provides_node = directive
            elif canonical == "override":
                field.override = string_arg(directive, "from") or ""
                field.override_label = string_arg(directive, "label")
                field.override_node = directive
            self._keep(directive, canonical, field.applied)
        for arg_node in node.arguments or ():
            for directive in arg_node.directives or ():
                if self.names.canonical(directive.name.value) != "fromContext":
                    continue
                match = _CONTEXT_FIELD.match(string_arg(directive, "field") or "")
                if match is None:
                    continue
                argument = field.args.pop(arg_node.name.value)
                context = f"{self.source.name}__{match.group(1)}"
                field.context_args.append((argument.name, argument.type, context, match.group(2)))
        return field

    def _read_input_value(self, node: InputValueDefinitionNode) -> InputValueDef:
        applied: list[Applied] = []
        inaccessible = False
        for directive in node.directives or ():
            canonical = self.names.canonical(directive.name.value)
            inaccessible = inaccessible or canonical == "inaccessible"
            self._keep(directive, canonical, applied)
        return InputValueDef(
            node.name.value,
            from_node(node.type, self.rename),
            print_value(node.default_value) if node.default_value is not None else None,
            node.description.value if node.description else None,
            applied,
            inaccessible,
            node,
        )


def _enum_order(subgraph: Subgraph) -> list[str]:
    """Enums in the order The Guild's composer meets them: at a field's type, then its arguments' types, then at
    input fields, or at their own definition, whichever comes first in the document."""
    order: dict[str, None] = {}
    for typedef in subgraph.types.values():
        if typedef.kind is Kind.ENUM:
            order.setdefault(typedef.name, None)
            continue
        refs = [ref for f in typedef.fields.values() for ref in (f.type, *(a.type for a in f.args.values()))]
        refs += [f.type for f in typedef.input_fields.values()]
        for ref in refs:
            target = subgraph.types.get(ref.strip("[]!"))
            if target is not None and target.kind is Kind.ENUM:
                order.setdefault(target.name, None)
    return list(order)
