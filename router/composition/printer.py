"""Printing the supergraph model as the standard supergraph SDL (link v1.0, join v0.3-v0.5, the used specs)."""

from __future__ import annotations

from graphql.language.block_string import print_block_string

from .model import Applied, Kind
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
}


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


def _description(text: str | None, indent: str) -> str:
    if text is None:
        return ""
    block = print_block_string(text)
    return indent + block.replace("\n", "\n" + indent) + "\n"


def _applied(applied: list[Applied]) -> str:
    return "".join(" " + a.print() for a in applied)


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
    return f" @join__type({', '.join(args)})"


def _join_field(join: JoinField) -> str:
    if join.graph is None:
        return " @join__field"
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
    return f" @join__field({', '.join(args)})"


def _field(field: MergedField, input_field: bool) -> str:
    out = _description(field.description, "  ") + "  " + field.name
    args = list(field.args.values())
    if args:
        if any(a.description for a in args):
            parts = [
                _description(a.description, "    ")
                + f"    {a.name}: {a.type}"
                + (f" = {a.default}" if a.default is not None else "")
                + _applied(a.applied)
                for a in args
            ]
            out += "(\n" + "\n".join(parts) + "\n  )"
        else:
            out += (
                "("
                + ", ".join(
                    f"{a.name}: {a.type}" + (f" = {a.default}" if a.default is not None else "") + _applied(a.applied)
                    for a in args
                )
                + ")"
            )
    out += f": {field.type}"
    if input_field and field.default is not None:
        out += f" = {field.default}"
    for join in field.joins or ():
        out += _join_field(join)
    return out + _applied(field.applied)


def _type(merged: MergedType) -> str:
    head = _description(merged.description, "")
    joins = "".join(_join_type(j) for j in merged.joins)
    keyword = {
        Kind.OBJECT: "type",
        Kind.INTERFACE: "interface",
        Kind.UNION: "union",
        Kind.ENUM: "enum",
        Kind.INPUT_OBJECT: "input",
        Kind.SCALAR: "scalar",
    }[merged.kind]
    head += f"{keyword} {merged.name}"
    if merged.kind in (Kind.OBJECT, Kind.INTERFACE):
        if merged.interfaces:
            head += " implements " + " & ".join(merged.interfaces)
        head += joins + "".join(f' @join__implements(graph: {g}, interface: "{i}")' for g, i in merged.implements)
        head += _applied(merged.applied)
        body = "\n".join(_field(f, False) for f in merged.fields.values())
        return head + (" {\n" + body + "\n}" if body else "")
    if merged.kind is Kind.INPUT_OBJECT:
        body = "\n".join(_field(f, True) for f in merged.fields.values())
        return head + joins + _applied(merged.applied) + (" {\n" + body + "\n}" if body else "")
    if merged.kind is Kind.ENUM:
        values = "\n".join(
            _description(v.description, "  ")
            + f"  {v.name}"
            + "".join(f" @join__enumValue(graph: {g})" for g in v.graphs)
            + _applied(v.applied)
            for v in merged.values.values()
        )
        return head + joins + _applied(merged.applied) + (" {\n" + values + "\n}" if values else "")
    if merged.kind is Kind.UNION:
        members = "".join(f' @join__unionMember(graph: {g}, member: "{m}")' for g, m in merged.member_joins)
        tail = " = " + " | ".join(merged.members) if merged.members else ""
        return head + joins + members + _applied(merged.applied) + tail
    return head + joins + _applied(merged.applied)


def used_specs(supergraph: Supergraph) -> set[str]:
    used: set[str] = set()

    def note(applied: list[Applied]) -> None:
        for a in applied:
            if a.name in SPEC_SDL:
                used.add(a.name)

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
    specs = [
        s for s in ("tag", "inaccessible", "policy", "requiresScopes", "authenticated") if s in used_specs(supergraph)
    ]
    links = [
        '@link(url: "https://specs.apollo.dev/link/v1.0")',
        f'@link(url: "https://specs.apollo.dev/join/{join_version}", for: EXECUTION)',
        *(SPEC_SDL[s][0] for s in specs),
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
        LINK_SDL,
        *(SPEC_SDL[s][1] for s in specs),
        *supergraph.directive_definitions,
        "enum join__Graph {\n"
        + "\n".join(
            f"  {value} @join__graph(name: {_string(name)}, url: {_string(url)})"
            for value, name, url in supergraph.graphs
        )
        + "\n}",
        *(_type(t) for t in supergraph.types.values()),
    ]
    return "\n\n".join(parts) + "\n"
