"""Authentication and per-field authorization in the request pipeline (the auth room's rules, wired in)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest

from router.config import RouterSettings
from router.supergraph.model import Supergraph
from tests.router.plans import StubPlanner
from tests.router.running import RunningRouter, running_router
from tests.support.federated_subgraph import Subgraphs

SECRET = "a-test-secret-that-is-long-enough-0123456789"
QUERY = {"query": "query AccountsPrivate { me { id email note } }"}


def token(scope: str = "", **claims: Any) -> str:
    now = int(time.time())
    payload = {"sub": "u1", "iss": "giftgraph-dev", "aud": "giftgraph", "iat": now, "exp": now + 300, "scope": scope}
    return jwt.encode({**payload, **claims}, SECRET, algorithm="HS256")


def settings(**auth: Any) -> RouterSettings:
    return RouterSettings(environment="development", auth={"hs256_secret": SECRET, **auth})


@pytest.fixture(scope="module")
def router(supergraph: Supergraph) -> Iterator[RunningRouter]:
    with running_router(settings(), supergraph, StubPlanner()) as running:
        yield running


def post(router: RunningRouter, body: Any, bearer: str | None = None) -> httpx.Response:
    headers = {"accept": "application/graphql-response+json"}
    if bearer is not None:
        headers["authorization"] = f"Bearer {bearer}"
    return httpx.post(router.url, json=body, headers=headers, timeout=10)


def test_anonymous_caller_gets_nulls_and_coded_errors_and_the_subgraph_never_sees_the_fields(
    router: RunningRouter, clean: Subgraphs
) -> None:
    response = post(router, QUERY)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"me": {"id": "1", "email": None, "note": None}}
    assert sorted(e["path"] for e in body["errors"]) == [["me", "email"], ["me", "note"]]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAUTHORIZED_FIELD_OR_TYPE"}
    [sent] = clean.requests("accounts")
    assert "email" not in sent["query"] and "note" not in sent["query"]


def test_scopes_decide_field_by_field(router: RunningRouter, clean: Subgraphs) -> None:
    without = post(router, QUERY, token()).json()
    assert without["data"] == {"me": {"id": "1", "email": "u1@example.com", "note": None}}
    assert [e["path"] for e in without["errors"]] == [["me", "note"]]
    with_scope = post(router, QUERY, token("notes:read other")).json()
    assert with_scope == {"data": {"me": {"id": "1", "email": "u1@example.com", "note": "note 1"}}}


def test_the_token_is_forwarded_to_subgraphs(router: RunningRouter, clean: Subgraphs) -> None:
    bearer = token()
    response = post(router, {"query": "query AccountsAuth { authorization }"}, bearer)
    assert response.json() == {"data": {"authorization": f"Bearer {bearer}"}}


@pytest.mark.parametrize(
    "bearer",
    [
        "not-a-jwt",
        jwt.encode({"sub": "u1"}, SECRET, algorithm="HS256"),
        jwt.encode({"sub": "u1", "iss": "giftgraph-dev", "aud": "giftgraph", "exp": 1}, SECRET, algorithm="HS256"),
        jwt.encode(
            {"sub": "u1", "iss": "giftgraph-dev", "aud": "giftgraph", "exp": int(time.time()) + 60},
            "another-secret-that-is-long-enough-987654321",
            algorithm="HS256",
        ),
    ],
)
def test_a_bad_token_is_401_and_reaches_no_subgraph(router: RunningRouter, clean: Subgraphs, bearer: str) -> None:
    response = post(router, QUERY, bearer)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["INVALID_TOKEN"]
    assert clean.total() == 0


def test_reject_mode_refuses_the_whole_operation(supergraph: Supergraph, clean: Subgraphs) -> None:
    with running_router(settings(unauthorized="reject"), supergraph, StubPlanner()) as strict:
        response = post(strict, QUERY)
        allowed = post(strict, {"query": "query AccountsPublic { me { id } }"})
    assert response.status_code == 400
    assert "data" not in response.json()
    assert {e["extensions"]["code"] for e in response.json()["errors"]} == {"UNAUTHORIZED_FIELD_OR_TYPE"}
    assert allowed.json() == {"data": {"me": {"id": "1"}}}
    assert len(clean.requests("accounts")) == 1, "only the allowed operation reached the subgraph"


def test_required_authentication(supergraph: Supergraph, clean: Subgraphs) -> None:
    with running_router(settings(require_authentication=True), supergraph, StubPlanner()) as strict:
        anonymous = post(strict, QUERY)
        signed = post(strict, {"query": "query AccountsPublic { me { id } }"}, token())
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert signed.json() == {"data": {"me": {"id": "1"}}}


def test_router_secrets_go_to_their_subgraph_only(supergraph: Supergraph, clean: Subgraphs) -> None:
    secret = "accounts-router-secret-0123456789abcdef"
    with running_router(settings(subgraphs={"accounts": {"secret": secret}}), supergraph) as secured:
        answer = post(
            secured,
            {"query": '{ a: header(name: "X-Router-Secret") r: reviewsHeader(name: "X-Router-Secret") }'},
        )
    assert answer.json() == {"data": {"a": secret, "r": None}}


def test_an_operation_left_with_nothing_is_not_sent_anywhere(router: RunningRouter, clean: Subgraphs) -> None:
    body = post(router, {"query": "query AccountsNothing { me { email } }"}).json()
    assert body["data"] == {"me": None}
    assert [e["path"] for e in body["errors"]] == [["me", "email"]]
    assert clean.total() == 0


def test_a_production_router_without_key_sources_serves_a_public_graph(
    supergraph: Supergraph, clean: Subgraphs
) -> None:
    """The default environment, no JWKS and no secret: anonymous callers are served, every token is refused."""
    with running_router(RouterSettings(), supergraph, StubPlanner()) as public:
        anonymous = post(public, {"query": "query AccountsPublic { me { id } }"})
        served = len(clean.requests("accounts"))
        signed = post(public, {"query": "query AccountsPublic { me { id } }"}, token())
        introspection = post(public, {"query": "{ __schema { queryType { name } } }"})
        graphiql = httpx.get(public.url, headers={"accept": "text/html"}, timeout=10)
    assert anonymous.json() == {"data": {"me": {"id": "1"}}}
    assert signed.status_code == 401, "a token nobody can verify is refused, not ignored"
    assert [e["extensions"]["code"] for e in signed.json()["errors"]] == ["INVALID_TOKEN"]
    assert introspection.status_code == 400, "no introspection by default in production"
    assert "graphiql" not in graphiql.text.lower()
    assert served == 1 and clean.total() == 1, "only the anonymous query reached a subgraph"
