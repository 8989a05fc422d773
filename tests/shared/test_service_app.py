"""The shared HTTP stack of every subgraph, on a toy schema: GraphQL over HTTP statuses and codes, body limit
(declared and streamed), bearer tokens, the router-secret guard, health and readiness."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import strawberry
from anyio.from_thread import start_blocking_portal
from starlette.requests import Request
from strawberry.types import Info

from subgraphs.shared.graphql.context import SubgraphContext, caller_of, router_trusted
from subgraphs.shared.graphql.fields import resolver_field, resolver_mutation
from subgraphs.shared.graphql.schema import SubgraphSchema
from subgraphs.shared.service_app import create_subgraph_app
from subgraphs.shared.settings import DEV_AUDIENCE, DEV_ISSUER, ServiceSettings
from subgraphs.shared.tokens import mint_hs256_token, verifier_from_settings

SECRET = "k" * 40


@strawberry.type(description="A node of an endless chain.")
class Chain:
    @resolver_field(description="The next node.")
    def next(self) -> Chain:
        return Chain()


@strawberry.type(description="Toy queries.")
class Query:
    @resolver_field(description="The start of a chain.")
    def chain(self) -> Chain:
        return Chain()

    @resolver_field(description="The caller's subject.")
    def whoami(self, info: Info[SubgraphContext, None]) -> str:
        return info.context.require_caller().sub

    @resolver_field(description="Fails unexpectedly.")
    def boom(self) -> str:
        raise RuntimeError("secret internals")


@strawberry.type(description="Toy mutations.")
class Mutation:
    @resolver_mutation(description="Echo.")
    def echo(self, text: str) -> str:
        return text


Call = Callable[..., httpx.Response]


def make_client(
    ready: Callable[[], None] = lambda: None,
    max_depth: int = 25,
    max_aliases: int = 200,
    max_tokens: int = 20_000,
    **overrides: Any,
) -> Iterator[Call]:
    settings = ServiceSettings(jwt_secret=SECRET, max_body_bytes=4096, **overrides)

    async def context(request: Request) -> SubgraphContext:
        return SubgraphContext(caller=caller_of(request), router_trusted=router_trusted(request))

    app = create_subgraph_app(
        title="toy",
        settings=settings,
        schema=SubgraphSchema(
            query=Query, mutation=Mutation, max_depth=max_depth, max_aliases=max_aliases, max_tokens=max_tokens
        ),
        context_getter=context,
        verifier=verifier_from_settings(settings),
        ready_probe=ready,
    )
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://toy")
    with start_blocking_portal() as portal:

        def call(method: str, path: str = "/graphql", **kwargs: Any) -> httpx.Response:
            async def go() -> httpx.Response:
                return await client.request(method, path, **kwargs)

            return portal.call(go)

        yield call
        portal.call(client.aclose)


@pytest.fixture
def call() -> Iterator[Call]:
    yield from make_client()


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


def test_requests_that_are_not_graphql_requests(call: Call) -> None:
    cases: list[tuple[dict[str, Any], int, str]] = [
        (dict(content=b"{nope", headers={"content-type": "application/json"}), 400, "BAD_REQUEST"),
        (dict(json=["x"]), 400, "BAD_REQUEST"),
        (dict(json={"variables": {}}), 400, "BAD_REQUEST"),
        (dict(json={"query": "{ __typename }", "variables": [1]}), 400, "BAD_REQUEST"),
        (dict(json={"query": "{ __typename }", "operationName": 3}), 400, "BAD_REQUEST"),
        (dict(content=b"query=x", headers={"content-type": "text/plain"}), 415, "UNSUPPORTED_MEDIA_TYPE"),
    ]
    for kwargs, status, expected in cases:
        response = call("POST", **kwargs)
        assert (response.status_code, code(response)) == (status, expected), kwargs
    put = call("PUT", json={"query": "{ __typename }"})
    assert put.status_code == 405 and code(put) == "METHOD_NOT_ALLOWED"


def test_get_serves_queries_but_not_mutations(call: Call) -> None:
    ok = call("GET", params={"query": "{ __typename }"})
    assert ok.status_code == 200 and ok.json() == {"data": {"__typename": "Query"}}
    mutation = call("GET", params={"query": 'mutation { echo(text: "x") }'})
    assert mutation.status_code == 405 and code(mutation) == "METHOD_NOT_ALLOWED"
    assert call("POST", json={"query": 'mutation { echo(text: "x") }'}).json() == {"data": {"echo": "x"}}


@pytest.mark.parametrize(
    ("query", "expected"), [("{ whoami ", "GRAPHQL_PARSE_FAILED"), ("{ nope }", "GRAPHQL_VALIDATION_FAILED")]
)
def test_document_errors_follow_the_accept_header(call: Call, query: str, expected: str) -> None:
    modern = call("POST", json={"query": query}, headers={"accept": "application/graphql-response+json"})
    assert modern.status_code == 400 and code(modern) == expected
    assert modern.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in modern.json()
    legacy = call("POST", json={"query": query}, headers={"accept": "application/json"})
    assert legacy.status_code == 200 and code(legacy) == expected
    assert legacy.headers["content-type"].startswith("application/json")


def test_document_limits_come_before_execution() -> None:
    for call in make_client(max_depth=3, max_aliases=2, max_tokens=60):
        assert call("POST", json={"query": "{ chain { next { __typename } } }"}).status_code == 200
        deep = call("POST", json={"query": "{ chain { next { next { next { __typename } } } } }"})
        assert code(deep) == "GRAPHQL_VALIDATION_FAILED" and "depth" in deep.json()["errors"][0]["message"]
        aliased = call("POST", json={"query": "{ a: __typename b: __typename c: __typename }"})
        assert code(aliased) == "GRAPHQL_VALIDATION_FAILED"
        long = call("POST", json={"query": "{ " + "__typename " * 100 + "}"})
        assert code(long) in {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"}
        assert call("POST", json={"query": "{ __typename }"}).json() == {"data": {"__typename": "Query"}}


def test_unexpected_errors_are_masked_and_coded(call: Call) -> None:
    body = call("POST", json={"query": "{ boom }"}).json()
    assert body["errors"][0]["message"] == "Internal server error"
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret internals" not in str(body)


def test_body_limit_declared_and_streamed(call: Call) -> None:
    declared = call("POST", json={"query": "{ __typename }", "pad": "x" * 5000})
    assert declared.status_code == 413 and code(declared) == "PAYLOAD_TOO_LARGE"

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    streamed = call("POST", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413 and code(streamed) == "PAYLOAD_TOO_LARGE"
    small = call("POST", json={"query": "{ __typename }", "pad": "x" * 3000})
    assert small.status_code == 200


def test_tokens(call: Call) -> None:
    good = mint_hs256_token(secret=SECRET, sub="alice", issuer=DEV_ISSUER, audience=DEV_AUDIENCE)
    assert call("POST", json={"query": "{ whoami }"}, headers={"authorization": f"Bearer {good}"}).json() == {
        "data": {"whoami": "alice"}
    }
    anonymous = call("POST", json={"query": "{ whoami }"})
    assert anonymous.status_code == 200 and code(anonymous) == "UNAUTHENTICATED"
    for header in ("Bearer nope", "Basic abc", "Bearer"):
        rejected = call("POST", json={"query": "{ whoami }"}, headers={"authorization": header})
        assert rejected.status_code == 401 and code(rejected) == "UNAUTHENTICATED"
        assert rejected.headers["www-authenticate"].startswith("Bearer")


def test_router_secret_guard(tmp_path: Path) -> None:
    for call in make_client(router_secret="s" * 40, require_router_secret=True):
        query = {"query": "query { ...F } fragment F on Query { _service { sdl } }"}
        refused = call("POST", json=query)
        assert code(refused) == "FORBIDDEN" and refused.json()["data"] is None
        allowed = call("POST", json=query, headers={"x-router-secret": "s" * 40})
        assert "type Query" in allowed.json()["data"]["_service"]["sdl"]
        assert call("POST", json={"query": "{ __typename }"}).json() == {"data": {"__typename": "Query"}}


def test_health_and_readiness() -> None:
    def down() -> None:
        raise ConnectionError("database unreachable")

    for call in make_client(ready=down):
        assert call("GET", "/health").json() == {"status": "ok"}
        ready = call("GET", "/ready")
        assert ready.status_code == 503 and ready.json() == {"status": "unavailable"}
    for call in make_client():
        assert call("GET", "/ready").status_code == 200
