"""Differential: our printed plans equal Apollo's query planner's, character for character, on a corpus of
operations over every feature's supergraph (one node process for all). Where our plans differ from Apollo's on
purpose (see the feature tests), the operation is not in this corpus."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.planning.plans import FIXTURES, plan_text

ROOT = Path(__file__).resolve().parents[2]
ORACLE = Path(__file__).parent / "apollo_plan.mjs"
PLANNER = ROOT / "tools/node/node_modules/@apollo/query-planner"

pytestmark = pytest.mark.node

CORPUS: list[tuple[str, str, str | None]] = [
    ("entities", "{ me { name reviews { body product { name price } } } }", None),
    ("entities", "{ topProducts { name reviews { author { name organization { name warehouses } } } } }", None),
    ("entities", "{ topProducts(first: 2) { upc inStock } }", None),
    ("entities", "query Q($id: ID!) { user(id: $id) { email reviews(first: 3) { body } } }", "Q"),
    ("entities", "{ me { id } users { name } topProducts { name } }", None),
    ("entities", '{ product(upc: "1") { sku variant { id } inStock } }', None),
    ("entities", "{ a: me { n: name } b: me { reviews { id } } }", None),
    ("entities", "query($v: Boolean!) { me { name ... @include(if: $v) { reviews { body } } } }", None),
    (
        "entities",
        'mutation { login(name: "a") { name reviews { body } } logout addReview(upc: "1", body: "x") '
        '{ id product { name } } addProduct(upc: "2", name: "y") { upc } '
        'a2: addProduct(upc: "3", name: "z") { upc reviews { body } } }',
        None,
    ),
    (
        "entities",
        "query Op { ...F me { ...U } } fragment F on Query { topProducts { name } } fragment U on User "
        "{ name reviews { product { ...P } } } fragment P on Product { upc name inStock }",
        "Op",
    ),
    ("entities", "{ me { organization { warehouses } } }", None),
    (
        "entities",
        "query($f: Int) { topProducts(first: $f) { reviews { author { reviews(first: $f) { body } } } } }",
        None,
    ),
    ("entities", "{ topProducts { __typename name reviews { __typename } } }", None),
    ("requires", "{ products { name shippingEstimate } }", None),
    ("requires", "{ products { volume label } }", None),
    ("requires_chain", "{ orders { id tax total } }", None),
    ("requires_chain", "{ orders { shipping } }", None),
    ("provides", "{ reviews { author { name address { city } } } }", None),
    ("provides", "{ reviews { author { name email address { city street } } } }", None),
    ("provides", "{ reviews { editor { name } } }", None),
    ("shareable", "{ catalog { title } }", None),
    ("shareable", "{ onlyA catalog { title } }", None),
    ("shareable", "{ onlyB catalog { title featured { name } } }", None),
    ("shareable", "{ onlyA version onlyB }", None),
    ("shareable", "{ catalog { sections featured { price } } }", None),
    ("abstract", "{ search { __typename ... on Book { title pages } ... on Author { name } } }", None),
    ("abstract", "{ featured { ... on Book { title pages } ... on Magazine { issue } } }", None),
    ("abstract", "{ nodes { id ... on Book { pages } } }", None),
    ("multi_hop", "{ accounts { plan balance } }", None),
    ("multi_hop", "{ accounts { number balance } }", None),
    ("override", "{ products { name price weight } }", None),
    ("override", "{ products { shipping } }", None),
    ("override", "{ products { name shipping price } }", None),
    ("interface_object", "{ animals { name rating ... on Dog { barks } } }", None),
    ("interface_object", "{ featured { __typename rating ... on Cat { lives } } }", None),
    ("interface_object", "{ featured { id name } }", None),
    ("interface_object", "{ animals { ... on Dog { rating } ... on Cat { lives rating } } }", None),
    ("abstract_entities", "{ feed { ... on Post { text likes } ... on Video { likes views } } }", None),
    ("abstract_entities", "{ media { title ... on Video { views } } }", None),
    ("abstract_entities", "{ media { id ... on Post { score } } }", None),
    (
        "abstract_entities",
        "query($v: Boolean!) { feed { ... on Post @include(if: $v) { likes } ... on Video { views @skip(if: $v) } } }",
        None,
    ),
    ("entities", "query($v: Boolean!) { me @skip(if: $v) { name reviews { body } } }", None),
    ("fed1", "{ me { name reviews { body rating { stars } } } }", None),
    ("fed1", "{ topReviews { author { username name } } }", None),
]


def _apollo_plans() -> list[str]:
    node = shutil.which("node")
    if node is None or not PLANNER.exists():
        if os.environ.get("CI"):
            pytest.fail("node and tools/node/node_modules are required in CI (make node)")
        pytest.skip("node or tools/node/node_modules missing (run `make node`)")
    cases = [
        {"supergraph": str(FIXTURES / feature / "supergraph.graphql"), "query": query, "operationName": name}
        for feature, query, name in CORPUS
    ]
    result = subprocess.run(
        [node, str(ORACLE), "--batch"], input=json.dumps(cases), capture_output=True, text=True, timeout=120, check=True
    )
    plans: list[str] = json.loads(result.stdout)
    return plans


def test_plans_equal_apollos() -> None:
    expected = _apollo_plans()
    mismatches = []
    for (feature, query, name), apollo in zip(CORPUS, expected, strict=True):
        ours = plan_text(feature, query, name)
        if ours != apollo:
            mismatches.append(f"{feature}: {query}\n--- apollo\n{apollo}\n--- ours\n{ours}")
    assert not mismatches, "\n\n".join(mismatches)
