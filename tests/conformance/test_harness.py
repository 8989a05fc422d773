"""The harness itself: the test subgraphs speak federation, count requests, and the oracle composes them."""

from __future__ import annotations

import importlib

import httpx
import pytest

from tests.conformance.supergraph.regenerate import SUBGRAPHS, SUPERGRAPH, compose
from tests.support.federated_subgraph import Subgraphs
from tests.support.processes import ServerProcess


@pytest.mark.parametrize("name", SUBGRAPHS)
def test_subgraph_publishes_its_sdl(subgraphs: Subgraphs, name: str) -> None:
    answer = httpx.post(subgraphs.url(name), json={"query": "{ _service { sdl } }"}).json()
    assert answer["data"]["_service"]["sdl"] == importlib.import_module(f"tests.conformance.subgraphs.{name}").SDL


def test_entities_by_compound_key(subgraphs: Subgraphs) -> None:
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { upc name } } }"
    representations = [
        {"__typename": "Product", "sku": "SKU-2", "variation": {"id": "V2"}},
        {"__typename": "Product", "sku": "SKU-2", "variation": {"id": "V9"}},
        {"__typename": "Product", "upc": "3"},
    ]
    answer = httpx.post(subgraphs.url("products"), json={"query": query, "variables": {"r": representations}}).json()
    assert answer["data"]["_entities"] == [{"upc": "2", "name": "Couch"}, None, {"upc": "3", "name": "Glass"}]


def test_interface_entity_resolves_to_its_concrete_type(subgraphs: Subgraphs) -> None:
    query = "query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Movie { director } } }"
    representations = [{"__typename": "Media", "id": "m1"}]
    answer = httpx.post(subgraphs.url("media"), json={"query": query, "variables": {"r": representations}}).json()
    assert answer["data"]["_entities"] == [{"__typename": "Movie", "director": "Ridley Scott"}]


def test_requires_fields_are_demanded(subgraphs: Subgraphs) -> None:
    """Inventory refuses to guess a @requires field the router did not send."""
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { shippingEstimate } } }"
    bare = {"__typename": "Product", "upc": "1"}
    answer = httpx.post(subgraphs.url("inventory"), json={"query": query, "variables": {"r": [bare]}}).json()
    assert answer["errors"][0]["extensions"]["code"] == "MISSING_REQUIRES"
    full = {**bare, "price": 899, "weight": 100}
    answer = httpx.post(subgraphs.url("inventory"), json={"query": query, "variables": {"r": [full]}}).json()
    assert answer["data"]["_entities"] == [{"shippingEstimate": 50}]


@pytest.mark.node
def test_requests_through_the_oracle_are_counted(gateway: ServerProcess, subgraphs: Subgraphs) -> None:
    before = subgraphs.request_counts()
    answer = httpx.post(gateway.url + "/graphql", json={"query": "{ me { name reviews { id } } }"}).json()
    assert answer["data"]["me"]["name"] == "Uri Goldshtein"
    after = subgraphs.request_counts()
    assert after["accounts"] == before["accounts"] + 1
    assert after["reviews"] == before["reviews"] + 1
    assert after["products"] == before["products"]


@pytest.mark.node
def test_committed_supergraph_is_what_the_composer_prints(node_required: None) -> None:
    """The fixture is current: `python -m tests.conformance.supergraph.regenerate` would not change it."""
    assert compose()["supergraph"].rstrip("\n") + "\n" == SUPERGRAPH.read_text()


def test_overridden_fields_are_wrong_at_their_old_owner(subgraphs: Subgraphs) -> None:
    """Products still answers price and category, wrongly: a router that asks it instead of pricing/inventory (the
    @override owners) shows it in the differential test."""
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { price category } } }"
    representations = [{"__typename": "Product", "upc": "2"}]
    old = httpx.post(subgraphs.url("products"), json={"query": query, "variables": {"r": representations}}).json()
    assert old["data"]["_entities"] == [{"price": -1299, "category": "WRONG-products-category"}]
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { price } } }"
    new = httpx.post(subgraphs.url("pricing"), json={"query": query, "variables": {"r": representations}}).json()
    assert new["data"]["_entities"] == [{"price": 1299}]
