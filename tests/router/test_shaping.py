"""Response shaping (pure): projection onto the client's operation, null propagation, error paths."""

from __future__ import annotations

from typing import Any

from graphql import build_schema, parse

from router.response.shaping import Denied, compile_operation, condition_variables, select_operation, shape_response

SCHEMA = build_schema(
    """
    type Query { me: User, users: [User!]!, maybeUsers: [User], node(id: ID!): Node, search: [Result!]!, strict: User! }
    interface Node { id: ID! }
    type User implements Node { id: ID!, name: String!, nick: String, friends: [User!], best: User! }
    type Post implements Node { id: ID!, title: String }
    union Result = User | Post
    """
)


def shape(
    query: str,
    data: dict[str, Any] | None,
    errors: list[dict[str, Any]] | None = None,
    variables: dict[str, Any] | None = None,
    denied: Denied = frozenset(),
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    document = parse(query)
    operation = select_operation(document, None)
    assert operation is not None
    conditions = {name: (variables or {}).get(name) is True for name in condition_variables(document)}
    compiled = compile_operation(SCHEMA, document, operation, conditions, denied)
    return shape_response(compiled, data, list(errors or []))


def test_aliases_order_and_dropped_helper_fields() -> None:
    data, errors = shape(
        "{ me { who: name id } }",
        {"me": {"__typename": "User", "id": "1", "who": "Ann", "name": "ignored", "extra": 1}},
    )
    assert errors == []
    assert data == {"me": {"who": "Ann", "id": "1"}}
    assert list(data["me"]) == ["who", "id"]


def test_typename_everywhere_including_root() -> None:
    data, _ = shape("{ __typename me { __typename t: __typename } }", {"me": {"id": "1"}})
    assert data == {"__typename": "Query", "me": {"__typename": "User", "t": "User"}}


def test_fragments_on_abstract_types_use_the_runtime_type() -> None:
    query = """
    { search { __typename ... on User { name } ...P } node(id: "1") { id ... on Post { title } } }
    fragment P on Post { title }
    """
    raw = {
        "search": [
            {"__typename": "User", "name": "Ann", "title": "no"},
            {"__typename": "Post", "title": "Hello", "name": "no"},
        ],
        "node": {"__typename": "User", "id": "1", "title": "no"},
    }
    data, errors = shape(query, raw)
    assert errors == []
    assert data == {
        "search": [{"__typename": "User", "name": "Ann"}, {"__typename": "Post", "title": "Hello"}],
        "node": {"id": "1"},
    }


def test_null_in_non_null_field_bubbles_to_the_nearest_nullable_parent() -> None:
    data, errors = shape("{ me { id name } }", {"me": {"id": "1", "name": None}})
    assert data == {"me": None}
    assert errors == [
        {
            "message": "Cannot return null for non-nullable field User.name.",
            "path": ["me", "name"],
            "locations": [{"line": 1, "column": 11}],
        }
    ]


def test_null_item_in_non_null_list_nulls_the_list_and_further_up() -> None:
    data, errors = shape("{ users { id } }", {"users": [{"id": "1"}, None]})
    assert data is None, "users is [User!]! on Query: the null reaches the root"
    assert [e["path"] for e in errors] == [["users", 1]]
    data, errors = shape("{ me { friends { id best { id } } } }", {"me": {"friends": [{"id": "2", "best": None}]}})
    assert data == {"me": {"friends": None}}
    assert [e["path"] for e in errors] == [["me", "friends", 0, "best"]]


def test_missing_field_counts_as_null_and_existing_error_is_not_repeated() -> None:
    subgraph_error = {"message": "boom", "path": ["strict"], "extensions": {"code": "X"}}
    data, errors = shape("{ strict { id } me { id } }", {"me": {"id": "1"}}, [subgraph_error])
    assert data is None
    assert errors == [subgraph_error]


def test_nullable_fields_absent_after_a_failed_fetch_are_null_without_new_errors() -> None:
    fetch_error = {"message": "Request to subgraph 'b' failed", "extensions": {"code": "SUBGRAPH_REQUEST_FAILED"}}
    data, errors = shape("{ me { id nick friends { id } } }", {"me": {"id": "1"}}, [fetch_error])
    assert data == {"me": {"id": "1", "nick": None, "friends": None}}
    assert errors == [fetch_error]


def test_skip_and_include_follow_variables() -> None:
    query = "query($a: Boolean!, $b: Boolean!) { me { id @skip(if: $a) name @include(if: $b) } }"
    raw = {"me": {"id": "1", "name": "Ann"}}
    assert shape(query, raw, variables={"a": True, "b": True})[0] == {"me": {"name": "Ann"}}
    assert shape(query, raw, variables={"a": False, "b": False})[0] == {"me": {"id": "1"}}


def test_same_response_key_merges_sub_selections() -> None:
    data, _ = shape("{ me { best { id } } me { best { name } } }", {"me": {"best": {"id": "2", "name": "Bo"}}})
    assert data == {"me": {"best": {"id": "2", "name": "Bo"}}}


def test_denied_fields_are_null_and_non_null_ones_bubble_without_a_second_error() -> None:
    auth_error = {
        "message": "Unauthorized",
        "path": ["me", "nick"],
        "extensions": {"code": "UNAUTHORIZED_FIELD_OR_TYPE"},
    }
    data, errors = shape(
        "{ me { id nick } }", {"me": {"id": "1"}}, [auth_error], denied=frozenset({(("me", "nick"), frozenset[str]())})
    )
    assert data == {"me": {"id": "1", "nick": None}}
    assert errors == [auth_error]
    data, errors = shape(
        "{ me { id name } }", {"me": {"id": "1"}}, [], denied=frozenset({(("me", "name"), frozenset({"User"}))})
    )
    assert data == {"me": None}
    assert errors == []


def test_denied_paths_apply_to_every_list_item() -> None:
    data, _ = shape(
        "{ users { id nick } }",
        {"users": [{"id": "1", "nick": "a"}, {"id": "2", "nick": "b"}]},
        denied=frozenset({(("users", "nick"), frozenset[str]())}),
    )
    assert data == {"users": [{"id": "1", "nick": None}, {"id": "2", "nick": None}]}


def test_unknown_runtime_type_of_an_abstract_field_is_an_error() -> None:
    data, errors = shape('{ node(id: "1") { id } }', {"node": {"id": "1"}})
    assert data == {"node": None}
    assert errors[0]["path"] == ["node"]


def test_leaf_lists_and_nulls_pass_through() -> None:
    data, errors = shape("{ maybeUsers { nick } }", {"maybeUsers": [None, {"nick": None}]})
    assert data == {"maybeUsers": [None, {"nick": None}]}
    assert errors == []


def test_an_entity_nulled_by_its_subgraph_gets_no_extra_errors_for_its_other_fields() -> None:
    subgraph_error = {"message": "nick failed", "path": ["me", "best", "nick"]}
    data, errors = shape("{ me { best { id nick name } } }", {"me": {"best": {"id": "2"}}}, [subgraph_error])
    assert data == {"me": None}
    assert errors == [subgraph_error]


def test_a_field_denied_for_one_runtime_type_stays_for_the_others() -> None:
    data, _ = shape(
        "{ search { ... on User { x: nick } ... on Post { x: title } } }",
        {"search": [{"__typename": "User", "x": "Ann"}, {"__typename": "Post", "x": "Hello"}]},
        denied=frozenset({(("search", "x"), frozenset({"User"}))}),
    )
    assert data == {"search": [{"x": None}, {"x": "Hello"}]}


def test_lists_of_objects_complete_each_item_and_bubble_per_item_nullability() -> None:
    data, errors = shape("{ maybeUsers { id name } }", {"maybeUsers": [{"id": "1", "name": "A"}, None, {"id": "3"}]})
    assert data == {"maybeUsers": [{"id": "1", "name": "A"}, None, None]}, "[User]: a bad item becomes null alone"
    assert [e["path"] for e in errors] == [["maybeUsers", 2, "name"]]
    data, errors = shape("{ me { friends { id name } } }", {"me": {"friends": [{"id": "1", "name": "A"}, 7]}})
    assert data == {"me": {"friends": None}}, "[User!]: a non-object item nulls the list"
    assert errors[0]["message"] == "Expected an object for field User.friends."
    assert errors[0]["path"] == ["me", "friends", 1]


def test_single_object_fields_bubble_by_their_own_nullability() -> None:
    data, errors = shape("{ me { id best { id name } } }", {"me": {"id": "1", "best": {"id": "2", "name": None}}})
    assert data == {"me": None}, "best is User!: its null reaches the nullable me"
    assert [e["path"] for e in errors] == [["me", "best", "name"]]
    data, errors = shape("{ me { id } }", {"me": "not an object"})
    assert data == {"me": None}
    assert errors[0]["message"] == "Expected an object for field Query.me."
