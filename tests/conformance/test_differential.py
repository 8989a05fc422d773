"""The differential test: every corpus operation through our router and through Apollo Gateway (the oracle), on the
same supergraph and the same subgraph processes, gives the same `data` (values and key order) and the same error
paths."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.conformance.answers import describe, error_paths, ordered, post
from tests.conformance.corpus import Operation, format_operation, load_corpus, load_oracle_bugs
from tests.conformance.corpus_generator import GENERATED_DIR, api_schema, generate
from tests.support.processes import ServerProcess

CORPUS = load_corpus()
ORACLE_BUGS = load_oracle_bugs()

pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as http:
        yield http


def test_corpus_is_large_enough() -> None:
    handwritten = [op for op in CORPUS if op.name.startswith("handwritten/")]
    generated = [op for op in CORPUS if op.name.startswith("generated/")]
    assert len(CORPUS) >= 100
    assert len(handwritten) >= 50
    assert len(generated) >= 50


def test_oracle_bugs_name_corpus_operations() -> None:
    assert set(ORACLE_BUGS) <= {op.name for op in CORPUS}
    for bug in ORACLE_BUGS.values():
        assert bug.reason and (bug.patches or bug.add_error_paths or bug.error_paths is not None)


def test_generated_corpus_matches_its_generator() -> None:
    """The committed generated/ files are exactly what the seeded generator produces from the committed API schema."""
    committed = {path.stem: path.read_text() for path in GENERATED_DIR.glob("*.graphql")}
    regenerated = {op.name.split("/")[-1]: format_operation(op) for op in generate(api_schema())}
    assert sorted(committed) == sorted(regenerated)
    for name, text in regenerated.items():
        assert committed[name] == text, f"{name}: run `python -m tests.conformance.corpus_generator`"


@pytest.mark.parametrize("operation", CORPUS, ids=[op.name for op in CORPUS])
def test_gateway_answers_corpus(gateway: ServerProcess, client: httpx.Client, operation: Operation) -> None:
    """The oracle itself answers every corpus operation with data (the corpus is valid against the supergraph)."""
    theirs = post(client, gateway.url + "/graphql", operation, "gateway")
    assert theirs.get("data") is not None or theirs.get("errors"), theirs
    bug = ORACLE_BUGS.get(operation.name)
    if bug is not None:
        # Still wrong in the pinned oracle: when this fails, the oracle was fixed and the entry can go.
        assert bug.correct(theirs) != theirs, bug.reason
    for error in theirs.get("errors") or []:
        # Only resolver errors of the test subgraphs, never planning or validation failures.
        assert error.get("path"), (operation.name, error)


@pytest.mark.parametrize("operation", CORPUS, ids=[op.name for op in CORPUS])
def test_router_matches_gateway(
    gateway: ServerProcess, router: ServerProcess, client: httpx.Client, operation: Operation
) -> None:
    theirs = post(client, gateway.url + "/graphql", operation, "gateway")
    ours = post(client, router.url + "/graphql", operation, "router")
    bug = ORACLE_BUGS.get(operation.name)
    if bug is not None:
        # A known oracle bug (corpus/oracle-bugs.json): the hand-checked values replace the oracle's there.
        theirs = bug.correct(theirs)
    assert ours.get("data") == theirs.get("data"), "different data" + describe(operation, ours, theirs)
    assert ordered(ours.get("data")) == ordered(theirs.get("data")), "same values, key order differs" + describe(
        operation, ours, theirs
    )
    assert error_paths(ours) == error_paths(theirs), "different error paths" + describe(operation, ours, theirs)


QUERIES = [op for op in CORPUS if not op.query.lstrip("# \n").startswith("mutation") and "mutation" not in op.query]


@pytest.mark.parametrize("operation", QUERIES, ids=[op.name for op in QUERIES])
def test_router_get_matches_post(router: ServerProcess, client: httpx.Client, operation: Operation) -> None:
    """The same query over GET (after POST warmed the caches) answers the same: transport and cached plans agree."""
    body = operation.body("get")
    posted = client.post(router.url + "/graphql", json=body).json()
    params = {k: json.dumps(v) if k == "variables" else v for k, v in body.items()}
    got = client.get(router.url + "/graphql", params=params, headers={"Accept": "application/json"})
    assert got.status_code == 200, got.text
    answer = got.json()
    assert ordered(answer.get("data")) == ordered(posted.get("data")), describe(operation, answer, posted)
    assert error_paths(answer) == error_paths(posted)
