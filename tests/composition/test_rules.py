"""Each validation rule, by error code, on the hand-written corpus (no node needed) and on focused cases."""

from __future__ import annotations

import pytest

from router.composition import SubgraphSource, compose

from .corpus import FED2, hand_written

EXPECTED = {
    "err-invalid-graphql": {"INVALID_GRAPHQL"},
    "err-unknown-type": {"INVALID_GRAPHQL"},
    "err-unknown-link-version": {"UNKNOWN_FEDERATION_LINK_VERSION"},
    "err-key-invalid-fields": {"KEY_INVALID_FIELDS"},
    "err-key-syntax": {"KEY_INVALID_FIELDS"},
    "err-key-has-args": {"KEY_FIELDS_HAS_ARGS"},
    "err-key-select-interface": {"KEY_FIELDS_SELECT_INVALID_TYPE"},
    "err-key-select-union": {"KEY_FIELDS_SELECT_INVALID_TYPE"},
    "err-field-type-mismatch": {"FIELD_TYPE_MISMATCH"},
    "err-argument-type-mismatch": {"FIELD_ARGUMENT_TYPE_MISMATCH"},
    "err-invalid-field-sharing": {"INVALID_FIELD_SHARING"},
    "err-invalid-field-sharing-query": {"INVALID_FIELD_SHARING"},
    "err-external-unused": {"EXTERNAL_UNUSED"},
    "err-external-missing-on-base": {"EXTERNAL_MISSING_ON_BASE"},
    "err-external-type-mismatch": {"EXTERNAL_TYPE_MISMATCH", "FIELD_TYPE_MISMATCH"},
    "err-requires-missing-external": {"REQUIRES_FIELDS_MISSING_EXTERNAL"},
    "err-requires-invalid-fields": {"REQUIRES_INVALID_FIELDS"},
    "err-provides-missing-external": {"PROVIDES_FIELDS_MISSING_EXTERNAL"},
    "err-provides-invalid-fields": {"PROVIDES_INVALID_FIELDS"},
    "err-provides-on-non-object": {"PROVIDES_ON_NON_OBJECT_FIELD"},
    "err-type-kind-mismatch": {"TYPE_KIND_MISMATCH"},
    "err-enum-value-mismatch": {"ENUM_VALUE_MISMATCH"},
    "err-empty-merged-enum": {"EMPTY_MERGED_ENUM_TYPE"},
    "err-empty-merged-input": {"EMPTY_MERGED_INPUT_TYPE"},
    "err-required-argument-missing": {"REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH"},
    "err-required-input-field-missing": {"REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH"},
    "err-interface-field-no-implem": {"INTERFACE_FIELD_NO_IMPLEM"},
    "err-override-from-self": {"OVERRIDE_FROM_SELF_ERROR"},
    "err-override-source-has-override": {"OVERRIDE_SOURCE_HAS_OVERRIDE"},
    "err-override-collision": {"OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE"},
    "err-override-key-field": {"SATISFIABILITY_ERROR"},
    "err-referenced-inaccessible": {"REFERENCED_INACCESSIBLE"},
    "err-required-inaccessible": {"REQUIRED_INACCESSIBLE"},
    "err-only-inaccessible-children": {"ONLY_INACCESSIBLE_CHILDREN"},
    "err-interface-object-no-interface": {"INTERFACE_OBJECT_USAGE_ERROR"},
    "err-interface-key-not-on-implementation": {"INTERFACE_KEY_NOT_ON_IMPLEMENTATION"},
    "err-no-queries": {"NO_QUERIES"},
    "err-satisfiability-value-type": {"SATISFIABILITY_ERROR"},
    "err-satisfiability-unreachable-entity-field": {"SATISFIABILITY_ERROR"},
    "err-multiple": {"KEY_INVALID_FIELDS"},
    "err-default-mismatch": {"FIELD_ARGUMENT_DEFAULT_MISMATCH"},
    "err-duplicate-type-kind-in-subgraph": {"INVALID_GRAPHQL"},
    "err-external-on-base-only-fed2-extension": {"EXTENSION_WITH_NO_BASE"},
    "err-fed1-extension-only": {"EXTENSION_WITH_NO_BASE"},
    "err-field-sharing-three": {"INVALID_FIELD_SHARING"},
    "err-inaccessible-key-type-ref": {"REFERENCED_INACCESSIBLE"},
    "err-input-default-mismatch": {"INPUT_FIELD_DEFAULT_MISMATCH"},
    "err-interface-object-no-key": {"INTERFACE_OBJECT_USAGE_ERROR"},
    "err-key-composite-without-selection": {"KEY_INVALID_FIELDS"},
    "err-key-leaf-with-selection": {"KEY_INVALID_FIELDS"},
    "err-key-on-missing-nested": {"KEY_INVALID_FIELDS"},
    "err-override-on-interface": {"OVERRIDE_ON_INTERFACE"},
    "err-provides-not-external-key": {"PROVIDES_FIELDS_MISSING_EXTERNAL"},
    "err-requires-nested-missing-external": {"INVALID_FIELD_SHARING"},
    "err-requires-on-interface": {"REQUIRES_UNSUPPORTED_ON_INTERFACE"},
    "err-satisfiability-requires-chain": {"INVALID_FIELD_SHARING"},
    "err-two-subgraphs-value-missing-field": {"SATISFIABILITY_ERROR"},
    "err-union-vs-object-kind": {"TYPE_KIND_MISMATCH"},
    "err-unknown-directive-import": {"INVALID_LINK_DIRECTIVE_USAGE"},
    "err-unknown-directive": {"INVALID_GRAPHQL"},
    "err-not-imported-directive": {"INVALID_GRAPHQL"},
    "err-key-missing-fields-arg": {"INVALID_GRAPHQL"},
    "err-external-on-type": {"EXTERNAL_UNUSED"},
    "err-interface-impl-missing-field-local": {"INVALID_GRAPHQL"},
    "err-output-uses-input": {"INVALID_GRAPHQL"},
    "err-input-uses-output": {"INVALID_GRAPHQL"},
    "err-union-member-not-object": {"INVALID_GRAPHQL"},
    "err-duplicate-field": {"INVALID_GRAPHQL"},
    "err-dup-type": {"INVALID_GRAPHQL"},
    "err-dup-enum-value": {"INVALID_GRAPHQL"},
    "err-dup-arg": {"INVALID_GRAPHQL"},
    "err-dup-input-field": {"INVALID_GRAPHQL"},
    "err-empty-type": {"INVALID_GRAPHQL"},
    "err-reserved-name": {"INVALID_GRAPHQL"},
    "err-fed1-extension-no-base": {"EXTENSION_WITH_NO_BASE"},
    "err-fed1-extension-emptied": {"EXTENSION_WITH_NO_BASE"},
}
CASES = {c["id"]: c for c in hand_written()}


def _compose(case: dict[str, object]) -> tuple[set[str], object]:
    subgraphs = case["subgraphs"]
    assert isinstance(subgraphs, list)
    result = compose([SubgraphSource(s["name"], s["url"], s["sdl"]) for s in subgraphs])
    return {e.code for e in result.errors}, result


def test_every_error_case_has_an_expectation() -> None:
    assert {name for name in CASES if name.startswith("err-")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_error_codes(name: str) -> None:
    codes, result = _compose(CASES[name])
    assert codes == EXPECTED[name]
    assert getattr(result, "supergraph_sdl", "x") is None


@pytest.mark.parametrize("name", sorted(n for n in CASES if n.startswith("ok-")))
def test_valid_sets_compose(name: str) -> None:
    codes, result = _compose(CASES[name])
    assert codes == set()
    assert "@join__graph" in (getattr(result, "supergraph_sdl", None) or "")


def test_errors_carry_subgraph_and_location() -> None:
    _, result = _compose(CASES["err-key-invalid-fields"])
    (found,) = result.errors  # type: ignore[attr-defined]
    assert found.subgraph == "a"
    assert found.locations and found.locations[0].line == 2


def test_all_errors_reported_at_once() -> None:
    a = FED2.format(minor=3) + 'type T @key(fields: "nope") { id: ID! }\ntype Query { t: T }'
    b = FED2.format(minor=3) + 'type Query { x: Int @provides(fields: "y") }'
    result = compose([SubgraphSource("a", "http://a", a), SubgraphSource("b", "http://b", b)])
    assert {e.code for e in result.errors} == {"KEY_INVALID_FIELDS", "PROVIDES_ON_NON_OBJECT_FIELD"}
    assert {e.subgraph for e in result.errors} == {"a", "b"}


def test_satisfiability_message_shows_an_example_query() -> None:
    _, result = _compose(CASES["err-satisfiability-value-type"])
    (found,) = result.errors  # type: ignore[attr-defined]
    assert "{\n  t {\n    b\n  }\n}" in found.message


def test_deep_schema_composes_without_recursion_limits() -> None:
    depth = 3000
    types = "\n".join(f"type T{i} {{ next: T{i + 1} v: Int }}" for i in range(depth))
    sdl = FED2.format(minor=3) + types + f"\ntype T{depth} {{ v: Int }}\ntype Query {{ root: T0 }}"
    result = compose([SubgraphSource("deep", "http://deep", sdl)])
    assert result.ok
    assert f"type T{depth - 1}" in (result.supergraph_sdl or "")


def test_join_field_records_each_subgraph_type() -> None:
    codes, result = _compose(CASES["ok-type-widening"])
    sdl = getattr(result, "supergraph_sdl", "")
    assert codes == set()
    assert 'v: String @join__field(graph: A, type: "String!") @join__field(graph: B, type: "String")' in sdl
