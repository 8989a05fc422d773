"""Test subgraph `inventory`: @requires (plain, with arguments, nested), @override of a products field, a shareable
root field that products also resolves, and warehouses that reference products by key."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError

from tests.conformance.subgraphs import data
from tests.support.federated_subgraph import EntityResolver, Info, Resolver, main

SDL = """
extend schema
  @link(
    url: "https://specs.apollo.dev/federation/v2.9"
    import: ["@key", "@shareable", "@external", "@requires", "@override"]
  )

type Query {
  product(upc: String!): Product @shareable
  warehouses: [Warehouse!]!
}

enum Zone {
  DOMESTIC
  INTERNATIONAL
}

type Product @key(fields: "upc") {
  upc: String!
  price: Int @external
  weight: Int @external
  dimensions: Dimensions @external
  inStock: Boolean!
  shippingEstimate: Int @requires(fields: "price weight")
  shippingEstimateTo(zone: Zone!, express: Boolean = false): Int @requires(fields: "price weight")
  packaging: String @requires(fields: "dimensions { size weight }")
  category: String @override(from: "products")
}

type Dimensions @shareable {
  size: String
  weight: Float
}

type Warehouse {
  id: ID!
  name: String!
  stock: [StockItem!]!
}

type StockItem {
  product: Product!
  quantity: Int!
}
"""

_STOCK = data.in_stock()
_CATEGORY = {upc: p["category"] for upc, p in data.products().items()}


def _product(upc: str, rep: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    if upc not in _STOCK and rep is None:
        return None
    return {
        "__typename": "Product",
        **(rep or {}),
        "upc": upc,
        "inStock": _STOCK.get(upc, False),
        "category": _CATEGORY.get(upc, "new"),
    }


def _required(source: Mapping[str, Any], *names: str) -> list[Any]:
    missing = [n for n in names if n not in source]
    if missing:
        # The router must send the @requires fields with the representation.
        raise GraphQLError(f"representation lacks required fields {missing}", extensions={"code": "MISSING_REQUIRES"})
    return [source[n] for n in names]


def _estimate(source: Mapping[str, Any], _info: Info) -> int | None:
    price, weight = _required(source, "price", "weight")
    if price is None or weight is None:
        return None
    return 0 if price > 1000 else int(weight) // 2


def _estimate_to(source: Mapping[str, Any], info: Info, zone: str, express: bool) -> int | None:
    base = _estimate(source, info)
    if base is None:
        return None
    return (base + (50 if zone == "INTERNATIONAL" else 0)) * (2 if express else 1)


def _packaging(source: Mapping[str, Any], _info: Info) -> str | None:
    (dimensions,) = _required(source, "dimensions")
    if dimensions is None:
        return None
    # Format the weight as a number, not as its JSON spelling (10 and 10.0 are the same Float).
    return f"box-{dimensions['size']}-{float(dimensions['weight']):g}"


def _warehouses(_s: Any, _i: Info) -> list[dict[str, Any]]:
    upcs = sorted(_STOCK)
    return [
        {
            "id": f"w{n}",
            "name": f"Warehouse {n}",
            "stock": [{"product": _product(upc), "quantity": n * 10 + int(upc)} for upc in upcs[n - 1 :: 3]],
        }
        for n in (1, 2, 3)
    ]


RESOLVERS: dict[str, dict[str, Resolver]] = {
    "Query": {
        "product": lambda _s, _i, upc: _product(upc),
        "warehouses": _warehouses,
    },
    "Product": {"shippingEstimate": _estimate, "shippingEstimateTo": _estimate_to, "packaging": _packaging},
}
ENTITIES: dict[str, EntityResolver] = {"Product": lambda rep: _product(rep["upc"], rep)}

if __name__ == "__main__":
    sys.exit(main(None, SDL, RESOLVERS, ENTITIES))
