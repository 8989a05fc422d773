"""Merging subgraph models into the supergraph model, as Apollo's composer does.

Objects, interfaces and unions merge by union; input types and arguments by intersection; enums by how they are
used; output field types to the looser type (recorded per subgraph in `@join__field(type:)`). Errors found while
merging carry their Apollo codes; the merge goes on so every error is reported at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .element_merge import merge_applied, pick_description
from .errors import CompositionError, error, quoted, subgraph_commas, subgraph_list
from .field_set import field_names, parse_field_set
from .join_field_sets import printed_provides, printed_requires
from .merge_inputs import common_input_values, merge_enum, merge_input_object
from .model import Applied, FieldDef, InputValueDef, Kind, Subgraph, TypeDef
from .selection_walk import walk
from .supergraph_model import (
    JoinField,
    JoinType,
    MergedArgument,
    MergedField,
    MergedType,
    Supergraph,
)
from .type_compat import merge_output, same_shape
from .type_ref import named

REPEATABLE_KEPT = frozenset({"tag"})
_KIND_LABEL = {
    Kind.OBJECT: "Object Type",
    Kind.INTERFACE: "Interface Type",
    Kind.UNION: "Union Type",
    Kind.ENUM: "Enum Type",
    Kind.INPUT_OBJECT: "Input Object Type",
    Kind.SCALAR: "Scalar Type",
}


def graph_enum_names(names: Sequence[str]) -> list[str]:
    """`join__Graph` values: upper-cased, non-alphanumerics to `_`, de-duplicated as Apollo does."""
    seen: Counter[str] = Counter()
    out: list[str] = []
    for name in names:
        value = re.sub(r"[^A-Z0-9_]", "_", name.upper())
        if value[:1].isdigit():
            value = "_" + value
        seen[value] += 1
        out.append(value if seen[value] == 1 else f"{value}_{seen[value] - 1}")
    return out


ROOT_TYPES = frozenset({"Query", "Mutation", "Subscription"})


class Merger:
    """One composition's merge; `errors` collects every problem."""

    def __init__(self, subgraphs: Sequence[Subgraph]) -> None:
        self.graph_of = dict(
            zip((s.name for s in subgraphs), graph_enum_names([s.name for s in subgraphs]), strict=True)
        )
        # Subgraphs merge in graph-enum order, as The Guild's composer does: the supergraph's type, field and
        # join-directive order (visible in introspection) then matches theirs.
        self.subgraphs = sorted(subgraphs, key=lambda s: self.graph_of[s.name])
        self.errors: list[CompositionError] = []
        self.abstract_members: dict[str, set[str]] = {}
        self.enum_usage: dict[str, tuple[str | None, str | None]] = {}  # enum -> (input example, output example)
        self.key_fields: dict[str, set[tuple[str, str]]] = {}  # subgraph -> (type, field) selected by a @key
        self.used_fields: dict[str, set[tuple[str, str]]] = {}  # subgraph -> (type, field) used by key/requires

    def merge(self) -> Supergraph:
        by_name: dict[str, list[tuple[Subgraph, TypeDef]]] = {}
        for subgraph in self.subgraphs:
            if "Query" not in subgraph.types:
                subgraph.types["Query"] = TypeDef(Kind.OBJECT, "Query", None, None)
            for typedef in subgraph.types.values():
                by_name.setdefault(typedef.name, []).append((subgraph, typedef))
        self._index(by_name)
        merged: dict[str, MergedType] = {}
        for name, defs in by_name.items():
            kinds = {d.kind for _, d in defs}
            kind = defs[0][1].kind
            if len(kinds) > 1:
                if kinds == {Kind.OBJECT, Kind.INTERFACE} and all(
                    d.interface_object for _, d in defs if d.kind is Kind.OBJECT
                ):
                    kind = Kind.INTERFACE
                else:
                    self._kind_mismatch(name, defs)
                    continue
            if name not in ROOT_TYPES and all(d.extension_only for _, d in defs):
                self.errors.append(
                    error(
                        "EXTENSION_WITH_NO_BASE",
                        f'[{defs[0][0].name}] Type "{name}" is an extension type, but there is no type definition '
                        f'for "{name}" in any subgraph.',
                        defs[0][0].name,
                        defs[0][1].node,
                    )
                )
                continue
            result = MergedType(
                kind,
                name,
                pick_description([d.description for _, d in defs]),
                merge_applied([d.applied for _, d in defs])
                + [Applied("context", (f'name: "{c}"',), repeatable=True) for _, d in defs for c in d.contexts],
                self._join_types(defs),
            )
            if kind in (Kind.OBJECT, Kind.INTERFACE):
                self._merge_composite(result, defs)
            elif kind is Kind.UNION:
                for subgraph, typedef in defs:
                    for member in typedef.members:
                        if member not in result.members:
                            result.members.append(member)
                        result.member_joins.append((self.graph_of[subgraph.name], member))
            elif kind is Kind.ENUM:
                merge_enum(self, result, defs)
            elif kind is Kind.INPUT_OBJECT:
                merge_input_object(self, result, defs)
            merged[name] = result
        self._copy_interface_object_fields(merged, by_name)
        if not merged.get("Query") or not merged["Query"].fields:
            self.errors.append(
                error("NO_QUERIES", "No queries found in any subgraph: a supergraph must have a query root type.")
            )
        version = max((s.version for s in self.subgraphs), key=lambda v: tuple(int(p) for p in v[1:].split(".")))
        graphs = sorted(((self.graph_of[s.name], s.name, s.url) for s in self.subgraphs), key=lambda g: g[0])
        enum_rank: dict[str, int] = {}
        for subgraph in self.subgraphs:
            for name in subgraph.enum_order:
                enum_rank.setdefault(name, len(enum_rank))
        enums = sorted((t for t in merged.values() if t.kind is Kind.ENUM), key=lambda t: enum_rank.get(t.name, 0))
        ordered = {name: t for name, t in merged.items() if t.kind is not Kind.ENUM} | {t.name: t for t in enums}
        supergraph = Supergraph(graphs, ordered, version)
        for subgraph in self.subgraphs:
            for definition in subgraph.composed_directives.values():
                if definition.sdl not in supergraph.directive_definitions:
                    supergraph.directive_definitions.append(definition.sdl)
            for _, link in subgraph.links:
                if link not in supergraph.links:
                    supergraph.links.append(link)
        return supergraph

    def _copy_interface_object_fields(
        self, merged: dict[str, MergedType], by_name: dict[str, list[tuple[Subgraph, TypeDef]]]
    ) -> None:
        """Fields an `@interfaceObject` adds to an interface are resolvable on every implementation too."""
        for name, defs in by_name.items():
            interface = merged.get(name)
            if interface is None or interface.kind is not Kind.INTERFACE:
                continue
            for subgraph, typedef in defs:
                if not typedef.interface_object:
                    continue
                for implementation in merged.values():
                    if implementation.kind is not Kind.OBJECT or name not in implementation.interfaces:
                        continue
                    for field_name in typedef.fields:
                        source = interface.fields.get(field_name)
                        if source is None or field_name in implementation.fields:
                            continue
                        implementation.fields[field_name] = MergedField(
                            field_name,
                            source.type,
                            source.description,
                            list(source.applied),
                            dict(source.args),
                            [JoinField(None)],  # resolved through the interface object, no graph
                            [subgraph.name],
                        )

    # -- indexes ---------------------------------------------------------------------------------------------

    def _index(self, by_name: dict[str, list[tuple[Subgraph, TypeDef]]]) -> None:
        for subgraph in self.subgraphs:
            used = self.used_fields.setdefault(subgraph.name, set())
            in_keys = self.key_fields.setdefault(subgraph.name, set())
            for typedef in subgraph.types.values():
                for interface in typedef.interfaces:
                    self.abstract_members.setdefault(interface, set()).add(typedef.name)
                for member in typedef.members:
                    self.abstract_members.setdefault(typedef.name, set()).add(member)
                for key in typedef.keys:
                    parsed = parse_field_set(key.fields)
                    if parsed is not None:
                        # nested key fields count too: they are shareable like the top-level ones
                        in_keys.update((v.parent.name, v.selection.name) for v in walk(subgraph, typedef, parsed))
                        used.update((typedef.name, k) for k in field_names(parsed))
                for field in typedef.fields.values():
                    if field.requires:
                        parsed = parse_field_set(field.requires)
                        if parsed is not None:
                            used.update((typedef.name, k) for k in field_names(parsed))
                    self._use_enum(subgraph, field.type, None, f"{typedef.name}.{field.name}")
                    for arg in field.args.values():
                        self._use_enum(subgraph, arg.type, f"{typedef.name}.{field.name}({arg.name}:)", None)
                for input_field in typedef.input_fields.values():
                    self._use_enum(subgraph, input_field.type, f"{typedef.name}.{input_field.name}", None)

    def _use_enum(self, subgraph: Subgraph, ref: str, as_input: str | None, as_output: str | None) -> None:
        target = subgraph.types.get(named(ref))
        if target is None or target.kind is not Kind.ENUM:
            return
        current_in, current_out = self.enum_usage.get(target.name, (None, None))
        self.enum_usage[target.name] = (current_in or as_input, current_out or as_output)

    # -- types -----------------------------------------------------------------------------------------------

    def _kind_mismatch(self, name: str, defs: list[tuple[Subgraph, TypeDef]]) -> None:
        groups: dict[Kind, list[str]] = {}
        for subgraph, typedef in defs:
            groups.setdefault(typedef.kind, []).append(subgraph.name)
        parts = [
            f"{_KIND_LABEL[kind]} in subgraph{'s' if len(names) > 1 else ''} {quoted(names)}"
            for kind, names in groups.items()
        ]
        self.errors.append(
            error(
                "TYPE_KIND_MISMATCH",
                f'Type "{name}" has mismatched kind: it is defined as {parts[0]} but {" and ".join(parts[1:])}',
                defs[0][0].name,
                defs[0][1].node,
            )
        )

    def _join_types(self, defs: list[tuple[Subgraph, TypeDef]]) -> list[JoinType]:
        joins: list[JoinType] = []
        # Apollo's Federation 1 upgrade turns an extension into a definition when another subgraph has the base.
        has_base = any(not d.extension_only for _, d in defs)
        for subgraph, typedef in defs:
            graph = self.graph_of[subgraph.name]
            if typedef.keys:
                for key in typedef.keys:
                    upgraded = subgraph.fed1 and has_base and not typedef.extends_directive
                    extension = key.extension and not upgraded
                    joins.append(JoinType(graph, key.fields, extension, key.resolvable, typedef.interface_object))
            else:
                joins.append(JoinType(graph, interface_object=typedef.interface_object))
        return joins

    def _merge_composite(self, result: MergedType, defs: list[tuple[Subgraph, TypeDef]]) -> None:
        for subgraph, typedef in defs:
            graph = self.graph_of[subgraph.name]
            for interface in typedef.interfaces:
                if interface not in result.interfaces:
                    result.interfaces.append(interface)
                result.implements.append((graph, interface))
        field_sources: dict[str, list[tuple[Subgraph, FieldDef]]] = {}
        for subgraph, typedef in defs:
            for field in typedef.fields.values():
                field_sources.setdefault(field.name, []).append((subgraph, field))
        type_graphs = [s.name for s, _ in defs]
        # Field order follows the first subgraph that really defines a field (The Guild's order): an upgraded
        # Federation 1 key field of an extension does not place it.
        order: dict[str, None] = {}
        for _, typedef in defs:
            for field in typedef.fields.values():
                if not field.upgraded_key:
                    order.setdefault(field.name, None)
        ordered = [*order, *(n for n in field_sources if n not in order)]
        for name in ordered:
            sources = field_sources[name]
            merged = self._merge_field(result, name, sources, type_graphs)
            if merged is not None:
                result.fields[name] = merged

    def _merge_field(
        self,
        parent: MergedType,
        name: str,
        sources: list[tuple[Subgraph, FieldDef]],
        type_graphs: list[str],
    ) -> MergedField | None:
        coordinate = f"{parent.name}.{name}"
        overridden: dict[str, tuple[str, str | None]] = {}  # source subgraph -> (overriding subgraph, label)
        for subgraph, field in sources:
            # an @override naming no known subgraph changes nothing (Apollo only hints)
            if field.override is not None and not field.external and field.override in self.graph_of:
                overridden[field.override] = (subgraph.name, field.override_label)
        resolving = [(s, f) for s, f in sources if not f.external and s.name not in overridden]
        internal = [(s, f) for s, f in sources if not f.external]
        if not internal:
            names = [s.name for s, _ in sources]
            self.errors.append(
                error(
                    "EXTERNAL_MISSING_ON_BASE",
                    f'Field "{coordinate}" is marked @external on all the subgraphs in which it is listed '
                    f"({subgraph_list(names)}).",
                    sources[0][0].name,
                    sources[0][1].node,
                )
            )
            return None
        types = [f.type for _, f in internal]
        merged_type = merge_output(types, self.abstract_members)
        if merged_type is None or merge_output([f.type for _, f in sources], self.abstract_members) is None:
            self.type_mismatch(
                "FIELD_TYPE_MISMATCH", f'Type of field "{coordinate}" is incompatible across subgraphs', sources
            )
        if parent.kind is Kind.OBJECT and len(resolving) > 1:
            self._check_sharing(coordinate, parent.name, resolving)
        if merged_type is None:
            return None
        for subgraph, field in sources:
            if (
                field.external
                and not same_shape(field.type, merged_type)
                and not _external_compatible(field.type, merged_type, self.abstract_members)
            ):
                self.errors.append(
                    error(
                        "EXTERNAL_TYPE_MISMATCH",
                        f'Type of field "{coordinate}" is incompatible across subgraphs (where marked @external): '
                        f'it has type "{merged_type}" in {subgraph_list([s.name for s, _ in internal])} '
                        f'but type "{field.type}" in subgraph "{subgraph.name}"',
                        subgraph.name,
                        field.node,
                    )
                )
        merged = MergedField(
            name,
            merged_type,
            pick_description([f.description for _, f in sources]),
            merge_applied([f.applied for _, f in sources]),
            graphs=[s.name for s, _ in sources],
        )
        merged.args = self._merge_arguments(coordinate, internal)
        all_types_equal = all(t == merged_type for t in types) and all(
            f.type == merged_type for _, f in sources if f.external
        )
        merged.joins = self._join_fields(parent, sources, type_graphs, overridden, all_types_equal)
        return merged

    def _check_sharing(self, coordinate: str, type_name: str, resolving: list[tuple[Subgraph, FieldDef]]) -> None:
        non_shareable = [
            s.name
            for s, f in resolving
            if not f.shareable and (type_name, f.name) not in self.key_fields.get(s.name, set())
        ]
        if not non_shareable:
            return
        names = [s.name for s, _ in resolving]
        where = (
            "all of them"
            if len(non_shareable) == len(names)
            else f"subgraph{'s' if len(non_shareable) > 1 else ''} {quoted(non_shareable)}"
        )
        self.errors.append(
            error(
                "INVALID_FIELD_SHARING",
                f'Non-shareable field "{coordinate}" is resolved from multiple subgraphs: it is resolved from '
                f"subgraphs {quoted(names)} and defined as non-shareable in {where}",
                non_shareable[0],
                resolving[0][1].node,
            )
        )

    def _join_fields(
        self,
        parent: MergedType,
        sources: list[tuple[Subgraph, FieldDef]],
        type_graphs: list[str],
        overridden: dict[str, tuple[str, str | None]],
        all_types_equal: bool,
    ) -> list[JoinField] | None:
        if parent.name == "Query" and not (overridden and len(self.subgraphs) > 1):
            # The Guild's rule for the query root: a field every subgraph has needs no @join__field; otherwise one
            # per subgraph, carrying only @provides (Apollo would also record differing types).
            if len(sources) == len(self.subgraphs) or len(self.subgraphs) == 1:
                return None
            return [JoinField(self.graph_of[s.name], provides=f.provides) for s, f in sources if not f.external]
        needs = not all_types_equal or bool(overridden) or len(sources) != len(type_graphs)
        needs = needs or any(
            f.external or f.requires is not None or f.provides is not None or f.context_args for _, f in sources
        )
        if not needs:
            return None
        joins: list[JoinField] = []
        for subgraph, field in sources:
            graph = self.graph_of[subgraph.name]
            label = None
            override_info = overridden.get(subgraph.name)
            used = (parent.name, field.name) in self.used_fields.get(subgraph.name, set())
            if override_info is not None:
                _, label = override_info
                if label is None and not used:
                    continue
            join = JoinField(
                graph,
                type=None if all_types_equal else field.type,
                external=field.external,
                requires=printed_requires(subgraph, parent.name, field.requires),
                provides=printed_provides(subgraph, field.type, field.provides),
                context_arguments=list(field.context_args),
            )
            if field.override is not None and overridden.get(field.override, ("", None))[0] == subgraph.name:
                join.override = field.override
                join.override_label = field.override_label
            if override_info is not None:
                if label is not None:
                    join.override_label = label
                else:
                    join.used_overridden = True
            joins.append(join)
        return joins

    def _merge_arguments(self, coordinate: str, sources: list[tuple[Subgraph, FieldDef]]) -> dict[str, MergedArgument]:
        merged: dict[str, MergedArgument] = {}
        values = ((subgraph, arg) for subgraph, field in sources for arg in field.args.values())
        for name, defs, arg_type in common_input_values(
            self,
            [s for s, _ in sources],
            values,
            "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH",
            "FIELD_ARGUMENT_TYPE_MISMATCH",
            lambda name: (f'Argument "{coordinate}({name}:)"', f'argument "{coordinate}({name}:)"'),
        ):
            default = self.merge_default(f'Argument "{coordinate}({name}:)"', "FIELD_ARGUMENT_DEFAULT_MISMATCH", defs)
            merged[name] = MergedArgument(
                name,
                arg_type,
                default,
                pick_description([a.description for _, a in defs]),
                merge_applied([a.applied for _, a in defs]),
            )
        return merged

    def merge_default(self, what: str, code: str, defs: list[tuple[Subgraph, InputValueDef]]) -> str | None:
        defaults = {a.default for _, a in defs if a.default is not None}
        if len(defaults) > 1:
            parts = [f'default value {a.default} in subgraph "{s.name}"' for s, a in defs if a.default is not None]
            self.errors.append(
                error(
                    code,
                    f"{what} has incompatible default values across subgraphs: it has {parts[0]} but "
                    + " and ".join(parts[1:]),
                    defs[0][0].name,
                    defs[0][1].node,
                )
            )
        return next((a.default for _, a in defs if a.default is not None), None)

    def type_mismatch(self, code: str, prefix: str, defs: Sequence[tuple[Subgraph, FieldDef | InputValueDef]]) -> None:
        by_type: dict[str, list[str]] = {}
        for subgraph, item in defs:
            by_type.setdefault(item.type, []).append(subgraph.name)
        parts = [f'type "{t}" in {subgraph_commas(names)}' for t, names in by_type.items()]
        self.errors.append(
            error(code, f"{prefix}: it has {parts[0]} but {' and '.join(parts[1:])}", defs[0][0].name, defs[0][1].node)
        )


def _external_compatible(external: str, merged: str, abstract_members: dict[str, set[str]]) -> bool:
    return merge_output([external, merged], abstract_members) is not None
