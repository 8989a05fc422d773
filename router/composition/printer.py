"""Printing the supergraph model as the standard supergraph SDL (link v1.0, join v0.3-v0.5, the used specs)."""

from __future__ import annotations

from .model import Applied, Kind, print_directive
from .supergraph_model import JoinField, JoinType, MergedField, MergedType, Supergraph

_JOIN_VERSION = {
    **{f"v2.{m}": "v0.3" for m in range(7)},
    "v1.0": "v0.3",
    "v2.7": "v0.4",
    "v2.8": "v0.5",
    "v2.9": "v0.5",
}

LINK_SDL = '''directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA

scalar link__Import

enum link__Purpose {
  """
  `SECURITY` features provide metadata necessary to securely resolve fields.
  """
  SECURITY
  """
  `EXECUTION` features provide metadata necessary for operation execution.
  """
  EXECUTION
}'''

SPEC_SDL = {
    "tag": (
        '@link(url: "https://specs.apollo.dev/tag/v0.3")',
        "directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | "
        "ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION | SCHEMA",
    ),
    "inaccessible": (
        '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)',
        "directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ENUM | ENUM_VALUE | SCALAR | "
        "INPUT_OBJECT | INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION",
    ),
    "policy": (
        '@link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)',
        "directive @policy(policies: [[policy__Policy!]!]!) on ENUM | FIELD_DEFINITION | INTERFACE | OBJECT | "
        "SCALAR\n\nscalar policy__Policy",
    ),
    "requiresScopes": (
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
        "directive @requiresScopes(scopes: [[requiresScopes__Scope!]!]!) on FIELD_DEFINITION | OBJECT | "
        "INTERFACE | SCALAR | ENUM\n\nscalar requiresScopes__Scope",
    ),
    "authenticated": (
        '@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)',
        "directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM",
    ),
    "context": (
        '@link(url: "https://specs.apollo.dev/context/v0.1", for: SECURITY)',
        "directive @context(name: String!) repeatable on OBJECT | INTERFACE | UNION\n\n"
        "directive @context__fromContext(field: context__ContextFieldValue) on ARGUMENT_DEFINITION\n\n"
        "scalar context__ContextFieldValue",
    ),
    "cost": (
        '@link(url: "https://specs.apollo.dev/cost/v0.1")',
        "directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | "
        "OBJECT | SCALAR\n\ndirective @listSize(\n  assumedSize: Int\n  slicingArguments: [String!]\n"
        "  sizedFields: [String!]\n  requireOneSlicingArgument: Boolean = true\n) on FIELD_DEFINITION",
    ),
}
# Link and definition order of the specs, and the order of their directives on an element (The Guild's).
SPEC_ORDER = ("context", "tag", "cost", "inaccessible", "policy", "requiresScopes", "authenticated")
_DIRECTIVE_RANK = {
    name: rank
    for rank, name in enumerate(
        ("context", "tag", "inaccessible", "authenticated", "policy", "requiresScopes", "cost", "listSize",
         "deprecated", "specifiedBy", "oneOf")
    )
}  # fmt: skip


def join_sdl(join_version: str) -> str:
    extra = ""
    if join_version >= "v0.4":
        extra += "\n  overrideLabel: String"
    if join_version >= "v0.5":
        extra += "\n  contextArguments: [join__ContextArgument!]"
    context = (
        "\n\ninput join__ContextArgument {\n  name: String!\n  type: String!\n  context: String!\n"
        "  selection: join__FieldValue!\n}"
        if join_version >= "v0.5"
        else ""
    )
    field_value = "\n\nscalar join__FieldValue" if join_version >= "v0.5" else ""
    return f"""directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE

directive @join__graph(name: String!, url: String!) on ENUM_VALUE

directive @join__field(
  graph: join__Graph
  requires: join__FieldSet
  provides: join__FieldSet
  type: String
  external: Boolean
  override: String
  usedOverridden: Boolean{extra}
) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION{context}

directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE

directive @join__type(
  graph: join__Graph!
  key: join__FieldSet
  extension: Boolean! = false
  resolvable: Boolean! = true
  isInterfaceObject: Boolean! = false
) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR

directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION

scalar join__FieldSet{field_value}"""


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _description(text: str | None) -> str:
    """Descriptions always as block strings on their own lines, as The Guild's printer does."""
    if text is None:
        return ""
    return '"""\n' + text.replace('"""', '\\"""') + '\n"""\n'


def _join_type(join: JoinType) -> str:
    args = [f"graph: {join.graph}"]
    if join.key is not None:
        args.append(f"key: {_string(join.key)}")
    if join.extension:
        args.append("extension: true")
    if not join.resolvable:
        args.append("resolvable: false")
    if join.interface_object:
        args.append("isInterfaceObject: true")
    return print_directive("join__type", args)


def _join_field(join: JoinField) -> str:
    if join.graph is None:
        return "@join__field"
    args = [f"graph: {join.graph}"]
    if join.requires is not None:
        args.append(f"requires: {_string(join.requires)}")
    if join.provides is not None:
        args.append(f"provides: {_string(join.provides)}")
    if join.type is not None:
        args.append(f"type: {_string(join.type)}")
    if join.external:
        args.append("external: true")
    if join.override is not None:
        args.append(f"override: {_string(join.override)}")
    if join.used_overridden:
        args.append("usedOverridden: true")
    if join.override_label is not None:
        args.append(f"overrideLabel: {_string(join.override_label)}")
    if join.context_arguments:
        entries = [
            f"{{context: {_string(context)}, name: {_string(name)}, type: {_string(type_ref)}, "
            f"selection: {_string(selection)}}}"
            for name, type_ref, context, selection in join.context_arguments
        ]
        args.append(f"contextArguments: [{', '.join(entries)}]")
    return print_directive("join__field", args)


def _wrap(start: str, text: str, end: str = "") -> str:
    return start + text + end if text else ""


def _block(items: list[str]) -> str:
    # A braced block: every line of every item indented by two spaces (descriptions included).
    inner = "\n".join(i for i in items if i)
    return _wrap("{\n", _wrap("  ", inner.replace("\n", "\n  ")), "\n}")


def _directives(applied: list[Applied], joins: list[str]) -> str:
    # Composed directives come first, then the join directives, then the spec and built-in directives.
    first = [a.print() for a in applied if a.composed]
    rest = [a.print() for a in sorted((a for a in applied if not a.composed), key=lambda a: _DIRECTIVE_RANK[a.name])]
    return " ".join([*first, *joins, *rest])


def _input_value(name: str, type_ref: str, default: str | None, description: str | None, directives: str) -> str:
    parts = [f"{name}: {type_ref}", _wrap("= ", default or ""), directives]
    return _description(description) + " ".join(p for p in parts if p)


def _arguments(field: MergedField) -> str:
    args = [
        _input_value(a.name, a.type, a.default, a.description, _directives(a.applied, [])) for a in field.args.values()
    ]
    if not args:
        return ""
    line = "(" + ", ".join(args) + ")"
    return "(\n  " + "\n".join(args).replace("\n", "\n  ") + "\n)" if len(line) > 80 else line


def _field(field: MergedField, input_field: bool) -> str:
    joins = [_join_field(j) for j in field.joins or ()]
    if input_field:
        return _input_value(field.name, field.type, field.default, field.description, _directives(field.applied, joins))
    return (
        _description(field.description)
        + field.name
        + _arguments(field)
        + f": {field.type}"
        + _wrap(" ", _directives(field.applied, joins))
    )


def _type(merged: MergedType) -> str:
    joins = [_join_type(j) for j in merged.joins]
    keyword = {
        Kind.OBJECT: "type",
        Kind.INTERFACE: "interface",
        Kind.UNION: "union",
        Kind.ENUM: "enum",
        Kind.INPUT_OBJECT: "input",
        Kind.SCALAR: "scalar",
    }[merged.kind]
    parts = [keyword, merged.name]
    if merged.kind in (Kind.OBJECT, Kind.INTERFACE):
        parts.append(_wrap("implements ", " & ".join(merged.interfaces)))
        joins += [
            print_directive("join__implements", (f"graph: {g}", f'interface: "{i}"')) for g, i in merged.implements
        ]
        parts.append(_directives(merged.applied, joins))
        parts.append(_block([_field(f, False) for f in merged.fields.values()]))
    elif merged.kind is Kind.INPUT_OBJECT:
        parts.append(_directives(merged.applied, joins))
        parts.append(_block([_field(f, True) for f in merged.fields.values()]))
    elif merged.kind is Kind.ENUM:
        parts.append(_directives(merged.applied, joins))
        values = [
            _description(v.description)
            + " ".join([v.name, _directives(v.applied, [f"@join__enumValue(graph: {g})" for g in v.graphs])]).rstrip()
            for v in merged.values.values()
        ]
        parts.append(_block(values))
    elif merged.kind is Kind.UNION:
        joins += [
            print_directive("join__unionMember", (f"graph: {g}", f'member: "{m}"')) for g, m in merged.member_joins
        ]
        parts.append(_directives(merged.applied, joins))
        parts.append(_wrap("= ", " | ".join(merged.members)))
    else:
        parts.append(_directives(merged.applied, joins))
    return _description(merged.description) + " ".join(p for p in parts if p)


# The Guild prints types grouped by kind, each group in merge order.
_KIND_ORDER = {Kind.SCALAR: 0, Kind.OBJECT: 1, Kind.INTERFACE: 2, Kind.UNION: 3, Kind.ENUM: 4, Kind.INPUT_OBJECT: 5}


def used_specs(supergraph: Supergraph) -> set[str]:
    used: set[str] = set()

    def note(applied: list[Applied]) -> None:
        for a in applied:
            if a.name in SPEC_SDL or a.name == "listSize":
                used.add("cost" if a.name == "listSize" else a.name)
            if a.name == "listSize":
                used.add("listSize")

    for merged in supergraph.types.values():
        note(merged.applied)
        for field in merged.fields.values():
            note(field.applied)
            for arg in field.args.values():
                note(arg.applied)
        for value in merged.values.values():
            note(value.applied)
    return used


def print_supergraph(supergraph: Supergraph) -> str:
    """The supergraph SDL."""
    join_version = _JOIN_VERSION.get(supergraph.version, "v0.5")
    used = used_specs(supergraph)
    specs = [s for s in SPEC_ORDER if s in used]
    spec_links = [SPEC_SDL[s][0] for s in specs]
    if "listSize" in used:  # The Guild imports @listSize by name (and @cost only when renamed)
        spec_links[specs.index("cost")] = '@link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@listSize"])'
    links = [
        '@link(url: "https://specs.apollo.dev/link/v1.0")',
        f'@link(url: "https://specs.apollo.dev/join/{join_version}", for: EXECUTION)',
        *spec_links,
        *supergraph.links,
    ]
    roots = [
        f"  {op}: {name}"
        for op, name in (("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription"))
        if name in supergraph.types
    ]
    parts = [
        "schema " + " ".join(links) + " {\n" + "\n".join(roots) + "\n}",
        join_sdl(join_version),
        *(SPEC_SDL[s][1] for s in specs if s == "context"),
        LINK_SDL,
        *(SPEC_SDL[s][1] for s in specs if s != "context"),
        "enum join__Graph "
        + _block(
            [
                f"{value} " + print_directive("join__graph", (f"name: {_string(name)}", f"url: {_string(url)}"))
                for value, name, url in supergraph.graphs
            ]
        ),
        *supergraph.directive_definitions,
        *(_type(t) for t in sorted(supergraph.types.values(), key=lambda t: _KIND_ORDER[t.kind])),
    ]
    return "\n\n".join(parts) + "\n"
