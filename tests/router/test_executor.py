"""The executor against real subgraph processes, with hand-built plans (no planner involved)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from graphql import parse

from router.config import SubgraphSettings, TrafficSettings
from router.execution.executor import ExecutionContext, ExecutionResult, execute_plan
from router.execution.transport import create_transport
from router.planning.plan import Fetch, Flatten, PlanNode, QueryPlan, Sequence
from router.supergraph.model import Supergraph
from tests.router import plans
from tests.support.federated_subgraph import Subgraphs


@pytest.fixture(params=["pooled", "httpx"])
def client(request: pytest.FixtureRequest) -> str:
    """Every executor test runs over both transports."""
    return str(request.param)


def run(
    supergraph: Supergraph,
    client: str,
    node: PlanNode,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    traffic: TrafficSettings | None = None,
    subgraph_settings: dict[str, SubgraphSettings] | None = None,
    headers: dict[str, str] | None = None,
) -> ExecutionResult:
    async def go() -> ExecutionResult:
        transport = create_transport(traffic or TrafficSettings(client=client), subgraph_settings)
        try:
            return await execute_plan(
                QueryPlan(node),
                supergraph,
                parse(query),
                None,
                variables or {},
                transport,
                ExecutionContext(headers=headers or {}),
            )
        finally:
            await transport.aclose()

    return asyncio.run(go())


def test_entity_jump_merges_fields_of_two_subgraphs(client: str, supergraph: Supergraph, clean: Subgraphs) -> None:
    result = run(supergraph, client, plans.ME_WITH_REVIEWS, "query Me { me { id name reviews { body } } }")
    assert result.errors == []
    assert result.data == {"me": {"id": "1", "name": "User 1", "reviews": [{"body": "Review 1"}, {"body": "Review 4"}]}}
    # __typename was fetched for the representation but the client did not ask for it.
    assert "__typename" not in result.data["me"]
    sent = clean.requests("reviews")
    assert len(sent) == 1
    assert sent[0]["variables"]["representations"] == [{"__typename": "User", "id": "1"}]


def test_one_deduplicated_entities_request_per_step(client: str, supergraph: Supergraph, clean: Subgraphs) -> None:
    result = run(supergraph, client, plans.TOP_WITH_AUTHORS, "query Top { topReviews { id body author { name } } }")
    assert result.data is not None
    authors = [r["author"]["name"] for r in result.data["topReviews"]]
    assert authors == ["User 1", "User 2", "User 3", "User 1", "User 2", "User 3"]
    sent = clean.requests("accounts")
    assert len(sent) == 1, "six authors, one _entities request"
    assert sent[0]["variables"]["representations"] == [
        {"__typename": "User", "id": "1"},
        {"__typename": "User", "id": "2"},
        {"__typename": "User", "id": "3"},
    ]


def test_entity_error_paths_point_at_every_client_object(client: str, supergraph: Supergraph, clean: Subgraphs) -> None:
    result = run(supergraph, client, plans.TOP_WITH_AUTHORS, "query Top { topReviews { id author { nickname } } }")
    assert result.data is not None
    nicknames = [r["author"]["nickname"] for r in result.data["topReviews"]]
    assert nicknames == ["nick-1", "nick-2", None, "nick-1", "nick-2", None]
    paths = sorted(e["path"] for e in result.errors)
    assert paths == [["topReviews", 2, "author", "nickname"], ["topReviews", 5, "author", "nickname"]]
    assert all(e["extensions"]["code"] == "NICKNAME_HIDDEN" for e in result.errors)
    assert all(e["extensions"]["serviceName"] == "accounts" for e in result.errors)


def test_parallel_root_fetches_forward_only_their_variables(
    client: str, supergraph: Supergraph, clean: Subgraphs
) -> None:
    result = run(
        supergraph,
        client,
        plans.BOTH_ROOTS,
        "query Both($first: Int, $unused: Int) { me { id } topReviews(first: $first) { body } }",
        {"first": 2, "unused": 7},
    )
    assert result.data == {"me": {"id": "1"}, "topReviews": [{"body": "Review 1"}, {"body": "Review 2"}]}
    assert clean.requests("reviews")[0]["variables"] == {"first": 2}
    assert clean.requests("accounts")[0].get("variables") in (None, {})


def test_timeout_nulls_only_the_slow_subgraphs_part(client: str, supergraph: Supergraph, clean: Subgraphs) -> None:
    result = run(
        supergraph,
        client,
        plans.SLOW_AND_FAST,
        "query SlowAndFast { slow topReviews { id } }",
        subgraph_settings={"accounts": SubgraphSettings(timeout_seconds=0.3)},
    )
    assert result.data is not None
    assert result.data["slow"] is None
    assert [r["id"] for r in result.data["topReviews"]] == ["r1", "r2", "r3", "r4", "r5", "r6"]
    [error] = result.errors
    assert error["extensions"] == {"code": "SUBGRAPH_TIMEOUT", "serviceName": "accounts"}


def test_mutation_fetches_run_in_order(client: str, supergraph: Supergraph, clean: Subgraphs) -> None:
    result = run(
        supergraph, client, plans.APPEND_TWICE, 'mutation Append { a: append(entry: "a") b: append(entry: "b") }'
    )
    assert result.errors == []
    assert result.data is not None
    a, b = result.data["a"], result.data["b"]
    assert b[:-1] == a and a[-1] == "a" and b[-1] == "b", "b ran after a, on the state a left"


def test_authorization_and_static_headers_are_forwarded(client: str, supergraph: Supergraph, clean: Subgraphs) -> None:
    result = run(
        supergraph,
        client,
        plans.HEADERS,
        "query Headers { authorization staticHeader }",
        traffic=TrafficSettings(client=client, headers={"x-static": "everywhere"}),
        subgraph_settings={"reviews": SubgraphSettings(headers={"x-static": "reviews-only"})},
        headers={"Authorization": "Bearer abc"},
    )
    assert result.data == {"authorization": "Bearer abc", "staticHeader": "reviews-only"}


def test_condition_skips_the_branch_when_false(client: str, supergraph: Supergraph, clean: Subgraphs) -> None:
    query = "query MaybeReviews($withReviews: Boolean!) { me { id reviews @include(if: $withReviews) { body } } }"
    without = run(supergraph, client, plans.MAYBE_REVIEWS, query, {"withReviews": False})
    assert without.data == {"me": {"id": "1"}}
    assert clean.requests("reviews") == []
    with_reviews = run(supergraph, client, plans.MAYBE_REVIEWS, query, {"withReviews": True})
    assert with_reviews.data == {"me": {"id": "1", "reviews": [{"body": "Review 1"}, {"body": "Review 4"}]}}
    assert len(clean.requests("reviews")) == 1


def test_unreachable_subgraph_is_an_error_not_a_crash(client: str, supergraph: Supergraph, clean: Subgraphs) -> None:
    dead = supergraph.with_urls({"reviews": "http://127.0.0.1:9/graphql"})
    result = run(dead, client, plans.ME_WITH_REVIEWS, "query Me { me { id reviews { body } } }")
    assert result.data == {"me": {"id": "1", "reviews": None}}
    [error] = result.errors
    assert error["extensions"] == {"code": "SUBGRAPH_REQUEST_FAILED", "serviceName": "reviews"}


def test_an_entity_error_reaches_each_client_position_once(
    client: str, supergraph: Supergraph, clean: Subgraphs
) -> None:
    # topReviews -> author (accounts) -> reviews (reviews) -> author again -> nickname (accounts): the second hop
    # lands on User objects shared by several reviews; user 3's nickname error must appear once per position.
    plan = Sequence(
        (
            Fetch("reviews", "{ topReviews { id author { __typename id } } }"),
            Flatten(
                ("topReviews", "@", "author"),
                Fetch(
                    "reviews",
                    plans.ENTITIES % "reviews { id author { __typename id } }",
                    requires=plans.USER_KEY,
                ),
            ),
            Flatten(
                ("topReviews", "@", "author", "reviews", "@", "author"),
                plans.user_entities("accounts", "nickname"),
            ),
        )
    )
    result = run(supergraph, client, plan, "{ topReviews { id author { reviews { id author { nickname } } } } }")
    paths = sorted(tuple(e["path"]) for e in result.errors)
    assert len(paths) == len(set(paths)), "no duplicates"
    assert paths == sorted(
        ("topReviews", i, "author", "reviews", j, "author", "nickname") for i in (2, 5) for j in (0, 1)
    )
