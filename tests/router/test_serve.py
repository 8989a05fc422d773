"""End to end: `router serve --supergraph FILE` as a real process, the real planner, real subgraph processes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.router.conftest import SUPERGRAPH_FILE, start_subgraph
from tests.support.federated_subgraph import Subgraphs
from tests.support.processes import ServerProcess, free_port, python_module

PLACEHOLDERS = {"accounts": "http://accounts.invalid/graphql", "reviews": "http://reviews.invalid/graphql"}


def supergraph_for(urls: dict[str, str], path: Path) -> Path:
    sdl = SUPERGRAPH_FILE.read_text()
    for name, url in urls.items():
        sdl = sdl.replace(PLACEHOLDERS[name], url)
    path.write_text(sdl)
    return path


def start_router(supergraph: Path, log: Path) -> ServerProcess:
    port = free_port()
    return ServerProcess(
        python_module("router", "serve", "--supergraph", str(supergraph), "--host", "127.0.0.1", "--port", str(port)),
        port,
        log_path=log,
    ).start()


@pytest.fixture(scope="module")
def router(subgraphs: Subgraphs, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    directory = tmp_path_factory.mktemp("serve")
    file = supergraph_for({n: subgraphs.url(n) for n in PLACEHOLDERS}, directory / "supergraph.graphql")
    process = start_router(file, directory / "router.log")
    yield process
    process.stop()


def ask(router: ServerProcess, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(
        router.url + "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"accept": "application/graphql-response+json"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_a_query_across_both_subgraphs(router: ServerProcess, clean: Subgraphs) -> None:
    answer = ask(router, "{ me { name reviews { body author { id } } } }")
    assert answer == {
        "data": {
            "me": {
                "name": "User 1",
                "reviews": [{"body": "Review 1", "author": {"id": "1"}}, {"body": "Review 4", "author": {"id": "1"}}],
            }
        }
    }


def test_lists_of_entities_fetch_each_entity_once(router: ServerProcess, clean: Subgraphs) -> None:
    answer = ask(router, "query ($n: Int) { topReviews(first: $n) { id author { who: name } } }", {"n": 5})
    authors = [r["author"]["who"] for r in answer["data"]["topReviews"]]
    assert authors == ["User 1", "User 2", "User 3", "User 1", "User 2"]
    [entities] = clean.requests("accounts")
    assert len(entities["variables"]["representations"]) == 3


def test_fragments_typename_and_errors_at_client_paths(router: ServerProcess, clean: Subgraphs) -> None:
    answer = ask(
        router,
        "{ topReviews(first: 3) { ...R } } fragment R on Review { __typename author { __typename nickname } }",
    )
    assert answer["data"]["topReviews"] == [
        {"__typename": "Review", "author": {"__typename": "User", "nickname": "nick-1"}},
        {"__typename": "Review", "author": {"__typename": "User", "nickname": "nick-2"}},
        {"__typename": "Review", "author": {"__typename": "User", "nickname": None}},
    ]
    assert [e["path"] for e in answer["errors"]] == [["topReviews", 2, "author", "nickname"]]


def test_mutation_fields_run_in_order(router: ServerProcess, clean: Subgraphs) -> None:
    answer = ask(router, 'mutation { first: append(entry: "one") second: append(entry: "two") }')
    first, second = answer["data"]["first"], answer["data"]["second"]
    assert second[:-1] == first and first[-1] == "one" and second[-1] == "two"


def test_skip_and_include(router: ServerProcess, clean: Subgraphs) -> None:
    query = "query ($r: Boolean!) { me { id reviews @include(if: $r) { body } } }"
    assert ask(router, query, {"r": False}) == {"data": {"me": {"id": "1"}}}
    assert clean.requests("reviews") == []
    assert ask(router, query, {"r": True})["data"]["me"]["reviews"][0] == {"body": "Review 1"}


def test_a_killed_subgraph_nulls_only_its_part(subgraphs: Subgraphs, tmp_path: Path) -> None:
    reviews = start_subgraph("reviews", tmp_path)
    file = supergraph_for(
        {"accounts": subgraphs.url("accounts"), "reviews": reviews.url + "/graphql"}, tmp_path / "s.graphql"
    )
    router = start_router(file, tmp_path / "router.log")
    try:
        query = "{ me { name reviews { body } } }"
        assert ask(router, query)["data"]["me"]["reviews"] == [{"body": "Review 1"}, {"body": "Review 4"}]
        reviews.kill()
        answer = ask(router, query)
        assert answer["data"] == {"me": {"name": "User 1", "reviews": None}}
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["SUBGRAPH_REQUEST_FAILED"]
        assert answer["errors"][0]["extensions"]["serviceName"] == "reviews"
    finally:
        router.stop()
        reviews.stop()


def test_serve_refuses_to_start_without_a_good_supergraph(tmp_path: Path) -> None:
    bad = tmp_path / "bad.graphql"
    bad.write_text("type Query { a: Int }")
    for args in (["--supergraph", str(tmp_path / "missing.graphql")], ["--supergraph", str(bad)]):
        result = subprocess.run(
            [sys.executable, "-m", "router", "serve", *args, "--port", str(free_port())],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2
        assert "cannot start" in result.stderr
        assert "Traceback" not in result.stderr


def test_serve_composes_supergraph_yaml_at_start(subgraphs: Subgraphs, tmp_path: Path) -> None:
    from tests.router.subgraphs import accounts, reviews

    (tmp_path / "accounts.graphql").write_text(accounts.SDL)
    (tmp_path / "reviews.graphql").write_text(reviews.SDL)
    config = tmp_path / "supergraph.yaml"
    config.write_text(
        "federation_version: =2.9.0\nsubgraphs:\n"
        f"  accounts:\n    routing_url: {subgraphs.url('accounts')}\n    schema:\n      file: accounts.graphql\n"
        f"  reviews:\n    routing_url: {subgraphs.url('reviews')}\n    schema:\n      file: reviews.graphql\n"
    )
    port = free_port()
    router = ServerProcess(
        python_module("router", "serve", "--compose", str(config), "--host", "127.0.0.1", "--port", str(port)),
        port,
        log_path=tmp_path / "router.log",
    ).start()
    try:
        assert ask(router, "{ me { name reviews { body } } }")["data"]["me"] == {
            "name": "User 1",
            "reviews": [{"body": "Review 1"}, {"body": "Review 4"}],
        }
    finally:
        router.stop()


def test_serve_reads_a_config_file_and_the_environment(subgraphs: Subgraphs, tmp_path: Path) -> None:
    file = supergraph_for({n: subgraphs.url(n) for n in PLACEHOLDERS}, tmp_path / "supergraph.graphql")
    port = free_port()
    config = tmp_path / "router.yaml"
    config.write_text(
        f"listen:\n  host: 127.0.0.1\n  port: {port}\n  path: /api/graphql\n"
        f"supergraph:\n  file: {file}\nlimits:\n  max_depth: 3\n"
    )
    router = ServerProcess(
        python_module("router", "serve", "--config", str(config)),
        port,
        env={"ROUTER_LIMITS__MAX_ALIASES": "1"},
        log_path=tmp_path / "router.log",
    ).start()
    try:
        url = router.url + "/api/graphql"
        assert httpx.post(url, json={"query": "{ me { id } }"}).json() == {"data": {"me": {"id": "1"}}}
        deep = httpx.post(url, json={"query": "{ me { reviews { author { id } } } }"}).json()
        assert deep["errors"][0]["extensions"]["code"] == "MAX_DEPTH_EXCEEDED"
        aliases = httpx.post(url, json={"query": "{ a: me { id } b: me { id } }"}).json()
        assert aliases["errors"][0]["extensions"]["code"] == "MAX_ALIASES_EXCEEDED"
    finally:
        router.stop()


def test_concurrent_requests_each_get_their_own_answer(router: ServerProcess, clean: Subgraphs) -> None:
    """Racing clients over shared keep-alive connections to the subgraphs: no answer goes to the wrong request."""
    import asyncio

    async def one(client: httpx.AsyncClient, n: int) -> tuple[int, Any]:
        response = await client.post(
            router.url + "/graphql",
            json={"query": "query ($n: Int) { topReviews(first: $n) { id author { name } } }", "variables": {"n": n}},
        )
        return n, response.json()

    async def race() -> list[tuple[int, Any]]:
        async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=40)) as client:
            return await asyncio.gather(*(one(client, 1 + i % 6) for i in range(240)))

    for n, answer in asyncio.run(race()):
        reviews = answer["data"]["topReviews"]
        assert [r["id"] for r in reviews] == [f"r{i}" for i in range(1, n + 1)]
        assert [r["author"]["name"] for r in reviews] == [f"User {(i - 1) % 3 + 1}" for i in range(1, n + 1)]
