"""Authentication and authorization through the real router app over HTTP.

The attack list again, end to end: every forged token is a 401 with WWW-Authenticate and INVALID_TOKEN, and the
subgraphs receive zero requests (counted); a valid token in the same set-up does reach them. And the plan cache
never hands one caller's filtered operation to another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from graphql import DocumentNode, print_ast

from router.config import RouterSettings
from router.planning.plan import QueryPlan
from router.planning.planner import build_plan
from router.supergraph.model import Supergraph
from tests.auth.keys import claims, ec_key, jwks_server, rsa_key, sign
from tests.auth.router_app import FakeSubgraph, fake_subgraph, running_router
from tests.auth.supergraphs import fixture
from tests.auth.test_attacks import ATTACKS, World

ROUTER_SECRET = "router-to-accounts-secret-0123456789abcdef"


@dataclass
class Setup:
    world: World
    subgraph: FakeSubgraph
    url: str
    planned: list[str]  # every document the planner was asked to plan


@pytest.fixture(scope="module")
def setup() -> Iterator[Setup]:
    good, ec, attacker = rsa_key("good"), ec_key("ec1"), rsa_key("evil")
    planned: list[str] = []

    def planner(supergraph: Supergraph, document: DocumentNode, operation_name: str | None) -> QueryPlan:
        planned.append(print_ast(document))
        return build_plan(supergraph, document, operation_name)

    with jwks_server(good, ec) as trusted, jwks_server(attacker) as evil, fake_subgraph() as subgraph:
        world = World(good, ec, attacker, trusted, evil)
        settings = RouterSettings(
            environment="development",
            auth=world.config().model_dump(mode="json")
            | {"environment": "development", "subgraphs": {"accounts": {"secret": ROUTER_SECRET}}},
        )
        supergraph = fixture().with_urls({"accounts": subgraph.url, "billing": subgraph.url})
        with running_router(settings, supergraph, planner) as url:
            yield Setup(world, subgraph, url, planned)


def post(url: str, query: str, token: str | None = None, params: dict[str, str] | None = None) -> httpx.Response:
    headers = {"accept": "application/graphql-response+json"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return httpx.post(url, json={"query": query}, headers=headers, params=params, timeout=10)


PLAIN = [(name, make) for name, make, overrides in ATTACKS if not overrides]


@pytest.mark.parametrize(("name", "make"), PLAIN, ids=[name for name, _ in PLAIN])
def test_attack_is_401_with_zero_subgraph_requests(setup: Setup, name: str, make: Callable[[World], str]) -> None:
    before = len(setup.subgraph.requests)
    response = post(setup.url, "{ hello me { id } }", make(setup.world))
    assert response.status_code == 401, name
    assert response.headers["www-authenticate"].startswith('Bearer realm="giftgraph", error="invalid_token"')
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["INVALID_TOKEN"]
    assert "data" not in response.json()
    assert len(setup.subgraph.requests) == before, "a subgraph was called"
    assert setup.world.evil.requests == 0


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_token_in_the_query_string_is_401(setup: Setup, method: str) -> None:
    before = len(setup.subgraph.requests)
    params = {"query": "{ hello }", "access_token": sign(setup.world.good)}
    if method == "GET":
        response = httpx.get(setup.url, params=params, headers={"accept": "application/json"}, timeout=10)
    else:
        response = post(setup.url, "{ hello }", params={"access_token": params["access_token"]})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    assert len(setup.subgraph.requests) == before


def test_the_control_reaches_the_subgraph_with_the_token_forwarded(setup: Setup) -> None:
    """The counting is real: a valid token and a public field produce exactly one subgraph request."""
    before = len(setup.subgraph.requests)
    token = sign(setup.world.good)
    response = post(setup.url, "{ hello }", token)
    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"hello": "hi"}}
    assert len(setup.subgraph.requests) == before + 1
    assert setup.subgraph.requests[-1]["headers"].get("Authorization") == f"Bearer {token}"
    assert setup.subgraph.requests[-1]["headers"].get("X-Router-Secret") == ROUTER_SECRET


def test_anonymous_protected_field_is_null_with_a_coded_error_and_not_fetched(setup: Setup) -> None:
    before = len(setup.subgraph.requests)
    response = post(setup.url, "{ hello me { id } }")
    body: dict[str, Any] = response.json()
    assert body["data"] == {"hello": "hi", "me": None}
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [(["me"], "UNAUTHORIZED_FIELD_OR_TYPE")]
    sent = setup.subgraph.requests[before:]
    assert len(sent) == 1 and "me" not in sent[0]["body"]["query"]


def test_plan_cache_never_serves_another_callers_filtered_operation(setup: Setup) -> None:
    """Two callers whose removed paths look alike (`search.@.x`) but differ in type must get different plans."""
    query = "{ search { ... on User { x: email } ... on Secret { x: body } } }"
    before = len(setup.subgraph.requests)
    emails = sign(setup.world.good, claims(scope="email:read"))
    secrets = sign(setup.world.good, claims(scope="secrets:read"))
    post(setup.url, query, emails)
    post(setup.url, query, secrets)
    sent = [r["body"]["query"] for r in setup.subgraph.requests[before:]]
    assert len(sent) == 2
    assert "email" in sent[0] and "body" not in sent[0]
    assert "body" in sent[1] and "email" not in sent[1], "the second caller got the first caller's plan"


def test_everything_removed_answers_nulls_without_calling_a_subgraph(setup: Setup) -> None:
    before = len(setup.subgraph.requests)
    response = post(setup.url, "{ me { id } audit { entries } }")
    body: dict[str, Any] = response.json()
    assert body["data"] == {"me": None, "audit": None}
    assert sorted(e["path"] for e in body["errors"]) == [["audit"], ["me"]]
    assert len(setup.subgraph.requests) == before
