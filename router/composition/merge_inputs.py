"""Merging enums (by how they are used) and input values (by intersection), as Apollo's composer does.

Input values are the arguments of a field and the fields of an input object: either way only those every subgraph
defines are kept (`common_input_values`), and one some subgraph requires but another lacks is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from .element_merge import merge_applied, pick_description
from .errors import error, subgraph_commas, subgraph_list
from .model import InputValueDef, Subgraph, TypeDef
from .supergraph_model import JoinField, MergedEnumValue, MergedField, MergedType
from .type_compat import merge_input as merge_input_type
from .type_ref import is_non_null

if TYPE_CHECKING:
    from .merge import Merger


def merge_enum(merger: Merger, result: MergedType, defs: list[tuple[Subgraph, TypeDef]]) -> None:
    as_input, as_output = merger.enum_usage.get(result.name, (None, None))
    value_sources: dict[str, list[tuple[Subgraph, TypeDef]]] = {}
    for subgraph, typedef in defs:
        for value in typedef.values:
            value_sources.setdefault(value, []).append((subgraph, typedef))
    for value, holders in value_sources.items():
        everywhere = len(holders) == len(defs)
        if as_input and as_output and not everywhere:
            missing = [s.name for s, _ in defs if s.name not in {h[0].name for h in holders}]
            merger.errors.append(
                error(
                    "ENUM_VALUE_MISMATCH",
                    f'Enum type "{result.name}" is used as both input type (for example, as type of '
                    f'"{as_input}") and output type (for example, as type of "{as_output}"), but value '
                    f'"{value}" is not defined in all the subgraphs defining "{result.name}": "{value}" is '
                    f"defined in {subgraph_commas([h[0].name for h in holders])} but not in {subgraph_commas(missing)}",
                    holders[0][0].name,
                    holders[0][1].values[value].node,
                )
            )
            continue
        if as_input and not as_output and not everywhere:
            continue
        values = [t.values[value] for _, t in holders]
        result.values[value] = MergedEnumValue(
            value,
            pick_description([v.description for v in values]),
            merge_applied([v.applied for v in values]),
            [merger.graph_of[s.name] for s, _ in holders],
        )
    if not result.values and not any(e.code == "ENUM_VALUE_MISMATCH" for e in merger.errors):
        merger.errors.append(
            error(
                "EMPTY_MERGED_ENUM_TYPE",
                f'None of the values of enum type "{result.name}" are defined consistently in all the subgraphs '
                f"defining that type. As only values common to all subgraphs are merged, this would result in "
                f"an empty type.",
                defs[0][0].name,
                defs[0][1].node,
            )
        )


def common_input_values(
    merger: Merger,
    owners: Sequence[Subgraph],
    values: Iterator[tuple[Subgraph, InputValueDef]],
    missing_code: str,
    mismatch_code: str,
    describe: Callable[[str], tuple[str, str]],
) -> Iterator[tuple[str, list[tuple[Subgraph, InputValueDef]], str]]:
    """(name, definitions, merged type) of each input value every one of `owners` defines, in first-seen order.

    A value some owners lack is dropped, and is a `missing_code` error when a subgraph requires it; a value whose
    types cannot merge is a `mismatch_code` error. `describe(name)` names the value in those two messages.
    """
    by_name: dict[str, list[tuple[Subgraph, InputValueDef]]] = {}
    for subgraph, value in values:
        by_name.setdefault(value.name, []).append((subgraph, value))
    for name, defs in by_name.items():
        missing_label, mismatch_label = describe(name)
        if len(defs) < len(owners):
            required = [s.name for s, v in defs if is_non_null(v.type) and v.default is None]
            if required:
                present = {s.name for s, _ in defs}
                missing = [s.name for s in owners if s.name not in present]
                merger.errors.append(
                    error(
                        missing_code,
                        f"{missing_label} is required in some subgraphs but does not appear in all subgraphs: it is "
                        f"required in {subgraph_list(required)} but does not appear in {subgraph_list(missing)}",
                        required[0],
                        defs[0][1].node,
                    )
                )
            continue
        merged_type = merge_input_type([v.type for _, v in defs])
        if merged_type is None:
            merger.type_mismatch(mismatch_code, f"Type of {mismatch_label} is incompatible across subgraphs", defs)
            continue
        yield name, defs, merged_type


def merge_input_object(merger: Merger, result: MergedType, defs: list[tuple[Subgraph, TypeDef]]) -> None:
    values = ((subgraph, field) for subgraph, typedef in defs for field in typedef.input_fields.values())
    for name, sources, field_type in common_input_values(
        merger,
        [s for s, _ in defs],
        values,
        "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH",
        "FIELD_TYPE_MISMATCH",
        lambda name: (f'Input object field "{result.name}.{name}"', f'field "{result.name}.{name}"'),
    ):
        coordinate = f"{result.name}.{name}"
        default = merger.merge_default(f'Input field "{coordinate}"', "INPUT_FIELD_DEFAULT_MISMATCH", sources)
        merged = MergedField(
            name,
            field_type,
            pick_description([f.description for _, f in sources]),
            merge_applied([f.applied for _, f in sources]),
            graphs=[s.name for s, _ in sources],
        )
        merged.default = default
        if any(f.type != field_type for _, f in sources):
            merged.joins = [JoinField(merger.graph_of[s.name], type=f.type) for s, f in sources]
        result.fields[name] = merged
    if not result.fields and not any(e.code == "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH" for e in merger.errors):
        merger.errors.append(
            error(
                "EMPTY_MERGED_INPUT_TYPE",
                f'None of the fields of input object type "{result.name}" are consistently defined in all the '
                f"subgraphs defining that type. As only fields common to all subgraphs are merged, this would "
                f"result in an empty type.",
                defs[0][0].name,
                defs[0][1].node,
            )
        )
