"""GraphQL over HTTP through the real server: status codes, media types, coded errors, limits.

Every bad request is checked to have reached no subgraph (the test subgraphs count what they receive).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from router.config import RouterSettings
from router.supergraph.model import Supergraph
from tests.router.plans import StubPlanner
from tests.router.running import RunningRouter, running_router
from tests.support.federated_subgraph import Subgraphs

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
FOUR_DIRECTIVES = "{ me { id @skip(if: false) name @skip(if: false) a: id @skip(if: false) b: id @skip(if: false) } }"


@pytest.fixture(scope="module")
def planner() -> StubPlanner:
    return StubPlanner()


@pytest.fixture(scope="module")
def router(supergraph: Supergraph, planner: StubPlanner) -> Iterator[RunningRouter]:
    settings = RouterSettings(
        environment="development",
        limits={
            "max_body_bytes": 100_000,
            "max_depth": 10,
            "max_aliases": 5,
            "max_root_fields": 4,
            "max_directives": 3,
        },
    )
    with running_router(settings, supergraph, planner) as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


def post(client: httpx.Client, router: RunningRouter, body: Any, accept: str = GRAPHQL_RESPONSE) -> httpx.Response:
    return client.post(router.url, content=orjson.dumps(body), headers={"content-type": JSON, "accept": accept})


def codes(response: httpx.Response) -> list[str]:
    return [e["extensions"]["code"] for e in response.json()["errors"]]


def test_a_query_crossing_two_subgraphs(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    response = post(client, router, {"query": "query Me { me { id name reviews { body } } }"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json() == {
        "data": {"me": {"id": "1", "name": "User 1", "reviews": [{"body": "Review 1"}, {"body": "Review 4"}]}}
    }
    assert clean.total() == 2


def test_get_runs_queries(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    response = client.get(
        router.url,
        params={
            "query": "query Both($first: Int) { me { id } topReviews(first: $first) { body } }",
            "variables": '{"first": 1}',
        },
        headers={"accept": JSON},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(JSON)
    assert response.json()["data"]["topReviews"] == [{"body": "Review 1"}]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"query": "{ me { id "}, 400, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ me { nope } }"}, 400, "GRAPHQL_VALIDATION_FAILED"),
        (
            {"query": "query A { me { id } } query B { me { id } }", "operationName": "C"},
            400,
            "OPERATION_NAME_NOT_FOUND",
        ),
        ({"query": "query A { me { id } } query B { me { id } }"}, 400, "OPERATION_RESOLUTION_FAILURE"),
        (
            {"query": "query Q($n: Int) { topReviews(first: $n) { id } }", "variables": {"n": "x"}},
            400,
            "BAD_USER_INPUT",
        ),
        ({"query": "query Q($n: Int!) { topReviews(first: $n) { id } }"}, 400, "BAD_USER_INPUT"),
        ({"operationName": "A"}, 400, "BAD_REQUEST"),
        ({"query": 42}, 400, "BAD_REQUEST"),
        ({"query": "{ me { id } }", "variables": [1]}, 400, "BAD_REQUEST"),
        ({"query": "{ me { id } }", "variables": 0}, 400, "BAD_REQUEST"),
        ({"query": "{ me { id } }", "extensions": False}, 400, "BAD_REQUEST"),
        ({"query": "{ me { id } }", "operationName": 7}, 400, "BAD_REQUEST"),
        (
            {"query": "{ a: me { id } b: me { id } c: me { id } d: me { id } e: me { id } f: me { id } }"},
            400,
            "MAX_ALIASES_EXCEEDED",
        ),
        ({"query": "{ me { id } users { id } topReviews { id } slow staticHeader }"}, 400, "MAX_ROOT_FIELDS_EXCEEDED"),
        ({"query": "subscription { me { id } }"}, 400, "GRAPHQL_VALIDATION_FAILED"),
        (
            {"query": FOUR_DIRECTIVES},
            400,
            "MAX_DIRECTIVES_EXCEEDED",
        ),
    ],
)
def test_bad_requests_are_coded_and_reach_no_subgraph(
    router: RunningRouter, client: httpx.Client, clean: Subgraphs, body: Any, status: int, code: str
) -> None:
    response = post(client, router, body)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert code in codes(response)
    assert "data" not in response.json()
    assert "Traceback" not in response.text
    assert clean.total() == 0


def test_application_json_answers_request_errors_with_200(
    router: RunningRouter, client: httpx.Client, clean: Subgraphs
) -> None:
    response = post(client, router, {"query": "{ me { nope } }"}, accept=JSON)
    assert response.status_code == 200
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert clean.total() == 0


def test_a_hundred_levels_deep_query_is_refused(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    query = "{ me " + "{ reviews { author " * 50 + "{ id }" + " } }" * 50 + " }"
    response = post(client, router, {"query": query})
    assert response.status_code == 400
    assert codes(response) == ["MAX_DEPTH_EXCEEDED"]
    assert clean.total() == 0


def test_fragment_bomb_is_measured_not_expanded(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    fragments = ["fragment F0 on User { id name }"]
    for n in range(1, 30):
        fragments.append(f"fragment F{n} on User {{ ...F{n - 1} reviews {{ author {{ ...F{n - 1} }} }} }}")
    query = "{ me { ...F29 } } " + " ".join(fragments)
    response = post(client, router, {"query": query})
    assert response.status_code == 400
    assert codes(response)[0] in ("MAX_DEPTH_EXCEEDED", "MAX_FIELDS_EXCEEDED")
    assert clean.total() == 0


def test_token_limit(supergraph: Supergraph, client: httpx.Client, clean: Subgraphs) -> None:
    settings = RouterSettings(environment="development", limits={"max_tokens": 50})
    with running_router(settings, supergraph, StubPlanner()) as small:
        response = post(client, small, {"query": "{ " + "me { id } " * 30 + "}"})
    assert response.status_code == 400
    assert codes(response) == ["MAX_TOKENS_EXCEEDED"]
    assert clean.total() == 0


def test_body_over_the_limit_is_413(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    response = post(client, router, {"query": "{ me { id } }", "padding": "x" * 200_000})
    assert response.status_code == 413
    assert codes(response) == ["PAYLOAD_TOO_LARGE"]
    assert clean.total() == 0


def test_ten_megabytes_is_413_also_when_streamed(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold while reading
        yield b'{"query": "{ me { id } }", "padding": "'
        for _ in range(10 * 1024):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(router.url, content=chunks(), headers={"content-type": JSON, "accept": GRAPHQL_RESPONSE})
    assert response.status_code == 413
    assert clean.total() == 0


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", JSON, 400),
        (b"[1, 2]", JSON, 400),
        (b"query=%7Bme%7Bid%7D%7D", "application/x-www-form-urlencoded", 415),
        (b'{"query": "{ me { id } }"}', "text/plain", 415),
        (b'{"query": "{ me { id } }"}', "application/json; charset=latin-1", 415),
    ],
)
def test_bodies_that_are_not_graphql_requests(
    router: RunningRouter, client: httpx.Client, clean: Subgraphs, content: bytes, content_type: str, status: int
) -> None:
    response = client.post(router.url, content=content, headers={"content-type": content_type, "accept": JSON})
    assert response.status_code == status
    assert codes(response) == ["BAD_REQUEST"]
    assert clean.total() == 0


def test_mutation_over_get_is_405(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    response = client.get(router.url, params={"query": 'mutation { append(entry: "x") }'}, headers={"accept": JSON})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert clean.total() == 0


def test_unsupported_method_and_accept(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    put = client.put(router.url, content=b'{"query": "{ me { id } }"}', headers={"content-type": JSON})
    assert put.status_code == 405
    assert set(put.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    xml = client.post(
        router.url, content=b'{"query": "{ me { id } }"}', headers={"content-type": JSON, "accept": "application/xml"}
    )
    assert xml.status_code == 406
    assert clean.total() == 0


def test_no_accept_header_means_application_json(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    response = client.post(router.url, content=b'{"query": "{ __typename }"}', headers={"content-type": JSON})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(JSON)
    assert response.json() == {"data": {"__typename": "Query"}}
    assert clean.total() == 0, "root __typename is answered by the router"


def test_introspection_is_answered_without_subgraphs(
    router: RunningRouter, client: httpx.Client, clean: Subgraphs
) -> None:
    response = post(
        client, router, {"query": '{ __schema { queryType { name } } t: __type(name: "Review") { fields { name } } }'}
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["__schema"] == {"queryType": {"name": "Query"}}
    assert [f["name"] for f in data["t"]["fields"]] == ["id", "body", "author"]
    assert clean.total() == 0


@pytest.mark.parametrize(
    "query",
    [
        "{ ...Root } fragment Root on Query { __schema { queryType { name } } }",
        "{ ... on Query { __schema { queryType { name } } } }",
        "query ($on: Boolean = true) { ... @include(if: $on) { __schema { queryType { name } } } }",
        "{ ...Root } fragment Root on Query { ... on Query { __schema { queryType { ...Named } } } } "
        "fragment Named on __Type { name }",
    ],
)
def test_introspection_inside_root_fragments_is_answered(
    router: RunningRouter, client: httpx.Client, clean: Subgraphs, query: str
) -> None:
    response = post(client, router, {"query": query})
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert clean.total() == 0


def test_introspection_off_refuses_it_and_hides_suggestions(
    router: RunningRouter, supergraph: Supergraph, client: httpx.Client, clean: Subgraphs
) -> None:
    assert "Did you mean" in post(client, router, {"query": "{ me { nam } }"}).text, "suggestions while it is on"
    settings = RouterSettings(environment="development", introspection=False)
    with running_router(settings, supergraph, StubPlanner()) as closed:
        schema = post(client, closed, {"query": "{ __schema { types { name } } }"})
        typo = post(client, closed, {"query": "{ me { nam } }"})
    assert schema.status_code == 400
    assert set(codes(schema)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert "introspection" in schema.text.lower()
    assert codes(typo) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean" not in typo.text
    assert clean.total() == 0


def test_documents_and_plans_are_cached(
    router: RunningRouter, client: httpx.Client, planner: StubPlanner, clean: Subgraphs
) -> None:
    query = {"query": "query Users { users { id } }"}
    first = post(client, router, query)
    calls = planner.calls
    for _ in range(5):
        again = post(client, router, query)
        assert again.json() == first.json()
    assert planner.calls == calls, "the plan came from the cache"
    state = router.app.state.pipeline.state
    assert state.documents.hits >= 5 and state.plans.hits >= 5


def test_automatic_persisted_queries(router: RunningRouter, client: httpx.Client, clean: Subgraphs) -> None:
    query = "query Users { users { name } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    unknown = post(client, router, {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}})
    assert codes(unknown) == ["PERSISTED_QUERY_NOT_FOUND"]
    mismatch = post(client, router, {"query": "{ me { id } }", "extensions": persisted})
    assert codes(mismatch) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    assert clean.total() == 0
    registered = post(client, router, {"query": query, "extensions": persisted})
    assert registered.status_code == 200
    by_hash = post(client, router, {"extensions": persisted})
    assert by_hash.json() == registered.json()
    assert by_hash.json()["data"]["users"][0] == {"name": "User 1"}


def test_health_ready_metrics(router: RunningRouter, client: httpx.Client) -> None:
    assert post(client, router, {"query": "query Me { me { id reviews { body } } }"}).status_code == 200
    assert client.get(router.base + "/health").json() == {"status": "ok"}
    ready = client.get(router.base + "/ready").json()
    assert ready["subgraphs"] == ["accounts", "reviews"]
    metrics = client.get(router.base + "/metrics")
    assert "router_http_requests_total" in metrics.text
    assert "router_http_request_duration_seconds_bucket" in metrics.text
    fetched = re.search(r'router_subgraph_fetches_total\{outcome="ok",subgraph="reviews"\} ([\d.]+)', metrics.text)
    assert fetched is not None and float(fetched.group(1)) >= 1
    assert 'router_subgraph_fetch_duration_seconds_count{subgraph="accounts"}' in metrics.text


def test_cors_is_off_by_default_and_follows_configured_origins(
    router: RunningRouter, supergraph: Supergraph, client: httpx.Client
) -> None:
    preflight = {"origin": "https://app.example", "access-control-request-method": "POST"}
    assert "access-control-allow-origin" not in client.options(router.url, headers=preflight).headers
    settings = RouterSettings(environment="development", cors={"allow_origins": ["https://app.example"]})
    with running_router(settings, supergraph, StubPlanner()) as open_router:
        allowed = client.options(
            open_router.url, headers={**preflight, "access-control-request-headers": "authorization"}
        )
        refused = client.options(open_router.url, headers={**preflight, "origin": "https://evil.example"})
        simple = post(client, open_router, {"query": "{ __typename }"})
        cross = client.post(
            open_router.url, json={"query": "{ __typename }"}, headers={"origin": "https://app.example"}
        )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert refused.headers.get("access-control-allow-origin") is None
    assert simple.status_code == 200
    assert cross.headers["access-control-allow-origin"] == "https://app.example"


def test_introspection_with_variables_is_answered_per_request(
    router: RunningRouter, client: httpx.Client, clean: Subgraphs
) -> None:
    query = "query T($n: String!) { __type(name: $n) { name } }"
    for name in ("User", "Review", "User"):
        answer = post(client, router, {"query": query, "variables": {"n": name}})
        assert answer.json() == {"data": {"__type": {"name": name}}}
    full = "{ __schema { types { name } } }"
    first, second = post(client, router, {"query": full}).json(), post(client, router, {"query": full}).json()
    assert first == second and {"User", "Review"} <= {t["name"] for t in first["data"]["__schema"]["types"]}
    assert clean.total() == 0
