"""Test subgraph `products`: products with a simple and a nested compound key, a shareable root field, a field that
another subgraph overrides, a union that only knows products, a failing nullable field, and a mutation."""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError

from tests.conformance.subgraphs import data
from tests.support.federated_subgraph import EntityResolver, Info, Resolver, main

SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])

type Query {
  topProducts(first: Int = 5): [Product!]!
  product(upc: String!): Product @shareable
  deals: [Featured!]!
}

type Mutation {
  createProduct(input: NewProduct!): Product!
}

input NewProduct {
  upc: String!
  name: String!
  price: Int!
  weight: Int = 1
}

type Product @key(fields: "upc") @key(fields: "sku variation { id }") {
  upc: String!
  sku: String!
  variation: ProductVariation!
  name: String
  price: Int
  weight: Int
  category: String
  dimensions: Dimensions
  createdBy: User
  discontinuedReason: String
}

type ProductVariation @shareable {
  id: ID!
}

type Dimensions @shareable {
  size: String
  weight: Float
}

type User @key(fields: "id", resolvable: false) {
  id: ID!
}

union Featured = Product
"""

_PRODUCTS = data.products()
_CREATED: dict[str, dict[str, Any]] = {}
_LOCK = threading.Lock()


def _product(p: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "__typename": "Product",
        **p,
        # Overridden by the inventory and pricing subgraphs: a router that asks here shows the wrong values.
        "category": "WRONG-products-category",
        "price": -1 if p["price"] is None else -p["price"],
        "createdBy": {"id": p["createdById"]},
    }


def _find(upc: str) -> dict[str, Any] | None:
    with _LOCK:
        return _product(_PRODUCTS.get(upc) or _CREATED.get(upc))


def _discontinued(source: Mapping[str, Any], _info: Info) -> str | None:
    if source["upc"] == "3":
        raise GraphQLError("discontinued reason is classified", extensions={"code": "CLASSIFIED"})
    return None if int(source["upc"]) % 2 else "replaced"


def _create(_s: Any, _i: Info, input: Mapping[str, Any]) -> dict[str, Any] | None:
    upc = input["upc"]
    if input["price"] < 0:
        raise GraphQLError("price must not be negative", extensions={"code": "BAD_PRICE"})
    with _LOCK:
        # Creating the same product twice gives the same product: the differential test runs it twice.
        _CREATED[upc] = {
            "upc": upc,
            "sku": f"SKU-{upc}",
            "variation": {"id": f"V{upc}"},
            "name": input["name"],
            "price": input["price"],
            "weight": input["weight"],
            "dimensions": None,
            "createdById": "1",
        }
    return _find(upc)


def _entity(rep: Mapping[str, Any]) -> dict[str, Any] | None:
    if "upc" in rep:
        return _find(rep["upc"])
    upc = str(rep["sku"]).removeprefix("SKU-")
    found = _find(upc)
    if found is None or found["variation"]["id"] != rep["variation"]["id"]:
        return None
    return found


def _top(_s: Any, _i: Info, first: int) -> list[dict[str, Any] | None]:
    return [_product(p) for p in list(_PRODUCTS.values())[: max(first, 0)]]


RESOLVERS: dict[str, dict[str, Resolver]] = {
    "Query": {
        "topProducts": _top,
        "product": lambda _s, _i, upc: _find(upc),
        "deals": lambda _s, _i: [_find("2"), _find("6")],
    },
    "Mutation": {"createProduct": _create},
    "Product": {"discontinuedReason": _discontinued},
}
ENTITIES: dict[str, EntityResolver] = {"Product": _entity}

if __name__ == "__main__":
    sys.exit(main(None, SDL, RESOLVERS, ENTITIES))
