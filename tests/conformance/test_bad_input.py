"""Bad input gets a spec or coded error from our router and never reaches a subgraph.

Each test reads the request counters of all test subgraphs before and after the bad request; a positive control
shows that a good request does move them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import graphql_sync

from tests.conformance.corpus_generator import api_schema
from tests.support.federated_subgraph import Subgraphs
from tests.support.processes import ServerProcess

GRAPHQL_RESPONSE = "application/graphql-response+json"
API_SCHEMA = api_schema()


def deep_query(levels: int) -> str:
    """A valid query `levels` fields deep: me { reviews { author { reviews { author ... { id } } } } }."""
    fields = ["me"] + ["reviews" if i % 2 == 0 else "author" for i in range(levels - 2)]
    return "{ " + " { ".join(fields) + " { id" + " }" * (len(fields)) + " }"


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as http:
        yield http


def _codes(answer: dict[str, Any]) -> list[str]:
    return [str((error.get("extensions") or {}).get("code")) for error in answer.get("errors") or []]


def _assert_clean_error(response: httpx.Response) -> dict[str, Any]:
    """A GraphQL error answer: JSON, errors with messages and an extensions.code, no data, no stack trace."""
    assert "Traceback" not in response.text and 'File "' not in response.text, response.text
    answer: dict[str, Any] = response.json()
    assert answer.get("errors"), answer
    assert "data" not in answer or answer["data"] is None, answer
    for error in answer["errors"]:
        assert isinstance(error.get("message"), str) and error["message"], error
        code = (error.get("extensions") or {}).get("code")
        assert isinstance(code, str) and code.isupper(), f"error without an extensions.code: {error}"
    return answer


def test_deep_query_helper_is_deep() -> None:
    assert deep_query(100).count("{") == 100


def test_good_request_reaches_subgraphs(router: ServerProcess, subgraphs: Subgraphs, client: httpx.Client) -> None:
    """The positive control: the counters move when a request is planned and executed."""
    before = subgraphs.request_counts()
    response = client.post(router.url + "/graphql", json={"query": "{ me { name reviews { id } } }"})
    assert response.status_code == 200, response.text
    after = subgraphs.request_counts()
    assert after["accounts"] > before["accounts"]
    assert after["reviews"] > before["reviews"]


BAD_POSTS: dict[str, dict[str, Any]] = {
    "syntax_error": {"query": "{ me { id "},
    "empty_document": {"query": ""},
    "unknown_field": {"query": "{ me { id doesNotExist } }"},
    "unknown_argument": {"query": '{ user(id: "1", nope: 1) { id } }'},
    "missing_subselection": {"query": "{ me }"},
    "inaccessible_field": {"query": "{ me { internalCode } }"},
    "wrong_variable_type": {"query": "query Q($id: ID!) { user(id: $id) { id } }", "variables": {"id": {"a": 1}}},
    "missing_required_variable": {"query": "query Q($id: ID!) { user(id: $id) { id } }", "variables": {}},
    "wrong_enum_variable": {
        "query": "query Q($z: Zone!) { topProducts { shippingEstimateTo(zone: $z) } }",
        "variables": {"z": "MARS"},
    },
    "wrong_input_object_variable": {
        "query": "mutation M($p: NewProduct!) { createProduct(input: $p) { upc } }",
        "variables": {"p": {"upc": "1", "name": "x", "price": "free"}},
    },
    "unknown_operation_name": {"query": "query A { me { id } }", "operationName": "B"},
    "missing_operation_name": {"query": "query A { me { id } } query B { me { name } }"},
    "deep_query_100_levels": {"query": deep_query(100)},
}


@pytest.mark.parametrize("case", sorted(BAD_POSTS))
def test_bad_cases_are_rejected_by_graphql_core(case: str) -> None:
    """The expectation is grounded: graphql-core, on the API schema, refuses each case before execution (except the
    deep query, which is valid GraphQL that only a depth limit stops)."""
    body = BAD_POSTS[case]
    result = graphql_sync(
        API_SCHEMA, body["query"], variable_values=body.get("variables"), operation_name=body.get("operationName")
    )
    if case == "deep_query_100_levels":
        assert result.errors is None
    else:
        assert result.errors and result.data is None, result


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json"])
@pytest.mark.parametrize("case", sorted(BAD_POSTS))
def test_bad_operation_never_reaches_a_subgraph(
    router: ServerProcess, subgraphs: Subgraphs, client: httpx.Client, case: str, accept: str
) -> None:
    before = subgraphs.request_counts()
    response = client.post(router.url + "/graphql", json=BAD_POSTS[case], headers={"Accept": accept})
    answer = _assert_clean_error(response)
    if accept == GRAPHQL_RESPONSE:
        # GraphQL over HTTP: a request that fails before execution is a 4xx with application/graphql-response+json.
        assert 400 <= response.status_code < 500, (response.status_code, answer)
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    else:
        # With application/json the spec has 200 for GraphQL errors and 400 for a request that is not well-formed.
        assert response.status_code in (200, 400), (response.status_code, answer)
    assert subgraphs.request_counts() == before, f"{case} reached a subgraph; codes {_codes(answer)}"


NOT_GRAPHQL_REQUESTS: dict[str, tuple[str, bytes]] = {
    "non_json_body": ("application/json", b"{this is not json"),
    "json_array_body": ("application/json", b"[1, 2, 3]"),
    "query_not_a_string": ("application/json", json.dumps({"query": 42}).encode()),
    "variables_not_an_object": ("application/json", json.dumps({"query": "{ me { id } }", "variables": 3}).encode()),
    "empty_body": ("application/json", b""),
    "invalid_utf8": ("application/json", b'{"query": "{ me { id } }\xff\xfe"}'),
}


@pytest.mark.parametrize("case", sorted(NOT_GRAPHQL_REQUESTS))
def test_not_a_graphql_request_is_400(
    router: ServerProcess, subgraphs: Subgraphs, client: httpx.Client, case: str
) -> None:
    content_type, body = NOT_GRAPHQL_REQUESTS[case]
    before = subgraphs.request_counts()
    response = client.post(
        router.url + "/graphql", content=body, headers={"Content-Type": content_type, "Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400, response.text
    _assert_clean_error(response)
    assert subgraphs.request_counts() == before


def test_mutation_over_get_is_refused(router: ServerProcess, subgraphs: Subgraphs, client: httpx.Client) -> None:
    before = subgraphs.request_counts()
    response = client.get(
        router.url + "/graphql",
        params={"query": 'mutation { appendLog(session: "get", entry: "x") }'},
        headers={"Accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 405, response.text
    assert subgraphs.request_counts() == before
