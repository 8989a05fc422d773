"""Test subgraph `pricing`: takes `Product.price` over from products with @override, while inventory's
`shippingEstimate` still @requires it — the planner must fetch the required field from its new owner. Products keeps
answering its old, wrong price, so a router that asks the wrong subgraph shows it."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from tests.conformance.subgraphs import data
from tests.support.federated_subgraph import EntityResolver, Resolver, main

SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@override"])

type Product @key(fields: "upc") {
  upc: String!
  price: Int @override(from: "products")
}
"""

_PRICES = {upc: p["price"] for upc, p in data.products().items()}


def _entity(rep: Mapping[str, Any]) -> dict[str, Any]:
    return {"__typename": "Product", "upc": rep["upc"], "price": _PRICES.get(rep["upc"])}


RESOLVERS: dict[str, dict[str, Resolver]] = {}
ENTITIES: dict[str, EntityResolver] = {"Product": _entity}

if __name__ == "__main__":
    sys.exit(main(None, SDL, RESOLVERS, ENTITIES))
