"""Entity-fetch helpers (pure): objects at a plan path, representations, deduplication, rewrites, merge."""

from __future__ import annotations

from typing import Any

from router.execution.entities import (
    RepresentationBatch,
    apply_rewrites,
    deep_merge,
    objects_at,
    paths_to,
    representation,
)
from router.planning.plan import FieldSelection, InlineFragmentSelection, KeyRenamer, ValueSetter

KEY = (InlineFragmentSelection("User", (FieldSelection("__typename"), FieldSelection("id"))),)


def test_objects_at_walks_lists_and_skips_nulls() -> None:
    data: dict[str, Any] = {"a": [{"b": {"id": 1}}, None, {"b": None}, {"b": {"id": 2}}]}
    found = objects_at([data], ("a", "@", "b"))
    assert found == [{"id": 1}, {"id": 2}]
    located = paths_to(data, ("a", "@", "b"))
    assert [located[id(obj)] for obj in found] == [[["a", 0, "b"]], [["a", 3, "b"]]]


def test_an_object_in_two_places_has_two_paths() -> None:
    shared = {"id": 1}
    data: dict[str, Any] = {"a": [{"b": shared}, {"b": shared}]}
    assert objects_at([data], ("a", "@", "b")) == [shared, shared]
    assert paths_to(data, ("a", "@", "b"))[id(shared)] == [["a", 0, "b"], ["a", 1, "b"]]


def test_a_trailing_list_means_its_elements() -> None:
    data: dict[str, Any] = {"a": [[{"id": 1}], [{"id": 2}, None]]}
    assert objects_at([data], ("a",)) == [{"id": 1}, {"id": 2}]


def test_objects_at_filters_by_type_condition() -> None:
    data: dict[str, Any] = {"r": [{"__typename": "User", "id": 1}, {"__typename": "Post", "id": 2}]}
    found = objects_at([data], ("r", "@", "... on User"))
    assert [obj["id"] for obj in found] == [1]


def test_representation_needs_every_required_field() -> None:
    assert representation({"__typename": "User", "id": "1", "x": 2}, KEY) == {"__typename": "User", "id": "1"}
    assert representation({"__typename": "User"}, KEY) is None
    assert representation({"__typename": "Post", "id": "1"}, KEY) is None, "not a User: not for this fetch"


def test_nested_requires_copy_only_the_selected_subfields() -> None:
    requires = (
        FieldSelection("__typename"),
        FieldSelection("dims", (FieldSelection("w"),)),
        FieldSelection("tags", (FieldSelection("k"),)),
    )
    obj = {"__typename": "P", "dims": {"w": 1, "h": 2}, "tags": [{"k": "a", "v": 1}], "other": 3}
    assert representation(obj, requires) == {"__typename": "P", "dims": {"w": 1}, "tags": [{"k": "a"}]}


def test_objects_of_other_types_are_not_sent() -> None:
    batch = RepresentationBatch.collect([{"__typename": "Post", "id": "1"}, {"id": "2"}], KEY, ())
    assert batch.representations == []


def test_batch_deduplicates_regardless_of_key_order() -> None:
    a1 = {"__typename": "User", "id": "1"}
    a2 = {"id": "1", "__typename": "User"}
    b = {"__typename": "User", "id": "2"}
    batch = RepresentationBatch.collect([a1, b, a2], KEY, ())
    assert batch.representations == [{"__typename": "User", "id": "1"}, {"__typename": "User", "id": "2"}]
    assert [len(origins) for origins in batch.origins] == [2, 1]
    assert batch.origins[0][1] is a2


def test_input_rewrite_sets_interface_object_typename() -> None:
    batch = RepresentationBatch.collect(
        [{"__typename": "Book", "id": "1"}],
        (InlineFragmentSelection("Book", (FieldSelection("__typename"), FieldSelection("id"))),),
        (ValueSetter(("... on Book", "__typename"), "Media"),),
    )
    assert batch.representations == [{"__typename": "Media", "id": "1"}]


def test_output_rewrites_rename_keys_and_set_values() -> None:
    entity: dict[str, Any] = {"__typename": "Media", "price_alias": 3, "items": [{"__typename": "X", "v": 1}]}
    apply_rewrites(
        entity,
        (
            KeyRenamer(("... on Media", "price_alias"), "price"),
            ValueSetter(("... on Media", "__typename"), "Book"),
            ValueSetter(("items", "@", "v"), "2"),
        ),
    )
    assert entity == {"__typename": "Book", "price": 3, "items": [{"__typename": "X", "v": "2"}]}


def test_deep_merge_merges_objects_and_equal_length_lists() -> None:
    target: dict[str, Any] = {"a": {"x": 1}, "l": [{"id": 1}, {"id": 2}], "s": 1}
    deep_merge(target, {"a": {"y": 2}, "l": [{"n": "a"}, {"n": "b"}], "s": 2, "t": None})
    assert target == {"a": {"x": 1, "y": 2}, "l": [{"id": 1, "n": "a"}, {"id": 2, "n": "b"}], "s": 2, "t": None}


def test_type_conditions_on_abstract_types_match_their_possible_types() -> None:
    from graphql import build_schema

    from router.execution.entities import TypeMatcher

    schema = build_schema("interface Media { id: ID! } type Book implements Media { id: ID! } type Query { m: Media }")
    matches = TypeMatcher(schema)
    batch = RepresentationBatch.collect(
        [{"__typename": "Book", "id": "1"}],
        (InlineFragmentSelection("Media", (FieldSelection("__typename"), FieldSelection("id")), frozenset({"Book"})),),
        (ValueSetter(("... on Media", "__typename"), "Media"),),
        matches,
    )
    assert batch.representations == [{"__typename": "Media", "id": "1"}]
    data: dict[str, Any] = {"m": [{"__typename": "Book", "id": "1"}, {"__typename": "Other"}]}
    assert [o["id"] for o in objects_at([data], ("m", "@", "... on Media"), matches)] == ["1"]


def test_deep_merge_of_new_fields_keeps_their_order_and_shares_nested_values() -> None:
    nested = {"id": "r1"}
    target: dict[str, Any] = {"__typename": "P", "upc": "1"}
    deep_merge(target, {"reviews": [nested], "name": "n"})
    assert list(target) == ["__typename", "upc", "reviews", "name"]
    assert target["reviews"][0] is nested, "new keys take the answer's values as they are"


def test_a_single_field_key_deduplicates_and_builds_its_representation() -> None:
    only_id = (InlineFragmentSelection("User", (FieldSelection("id"),)),)
    a, b, c = {"__typename": "User", "id": "1"}, {"__typename": "User", "id": "2"}, {"__typename": "User", "id": "1"}
    batch = RepresentationBatch.collect([a, b, c, {"__typename": "User"}], only_id, ())
    assert batch.representations == [{"id": "1"}, {"id": "2"}]
    assert batch.origins == [[a, c], [b]]


def test_unhashable_key_values_still_deduplicate() -> None:
    a = {"__typename": "User", "id": ["x", 1]}
    b = {"__typename": "User", "id": ["x", 1]}
    batch = RepresentationBatch.collect([a, b], (InlineFragmentSelection("User", (FieldSelection("id"),)),), ())
    assert batch.representations == [{"id": ["x", 1]}]
    assert batch.origins[0] == [a, b]


def test_objects_of_other_types_are_skipped_before_and_after_a_key_is_known() -> None:
    user = {"__typename": "User", "id": "1"}
    post = {"__typename": "Post", "id": "1"}
    bad = {"__typename": "Post", "id": ["x"]}
    batch = RepresentationBatch.collect([post, user, post, bad, {"__typename": "User", "id": "1"}], KEY, ())
    assert batch.representations == [{"__typename": "User", "id": "1"}]
    assert len(batch.origins[0]) == 2 and batch.origins[0][0] is user
