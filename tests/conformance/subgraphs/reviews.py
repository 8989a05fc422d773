"""Test subgraph `reviews`: @provides, an @interfaceObject for media, entity fields on products and users, and a
nullable field that fails for some products (errors inside entity fetches)."""

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
    import: ["@key", "@shareable", "@external", "@provides", "@interfaceObject"]
  )

type Query {
  review(id: ID!): Review
  latestReviews(first: Int = 3): [Review!]!
}

type Review @key(fields: "id") {
  id: ID!
  body: String!
  rating: Int!
  product: Product
  author: User @provides(fields: "username")
  subject: Media
}

type Product @key(fields: "upc") {
  upc: String!
  reviews: [Review!]!
  reviewCount: Int!
  flakyRating: Float
}

type User @key(fields: "id") {
  id: ID!
  username: String! @external
  reviews: [Review!]!
}

type Media @key(fields: "id") @interfaceObject {
  id: ID!
  reviews: [Review!]!
  averageRating: Float
}
"""

_REVIEWS = data.reviews()
_USERNAMES = {u["id"]: u["username"] for u in data.users().values()}


def _review(r: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "__typename": "Review",
        "id": r["id"],
        "body": r["body"],
        "rating": r["rating"],
        "product": {"__typename": "Product", "upc": r["productUpc"]} if r["productUpc"] else None,
        # @provides: the username travels with the author, and agrees with the accounts subgraph.
        "author": {"__typename": "User", "id": r["authorId"], "username": _USERNAMES[r["authorId"]]},
        "subject": {"__typename": "Media", "id": r["mediaId"]} if r["mediaId"] else None,
    }


def _where(key: str, value: Any) -> list[dict[str, Any]]:
    return [x for r in _REVIEWS.values() if r[key] == value if (x := _review(r)) is not None]


def _flaky(source: Mapping[str, Any], _info: Info) -> float | None:
    if int(source["upc"]) % 2 == 0:
        raise GraphQLError(f"rating service failed for {source['upc']}", extensions={"code": "RATING_DOWN"})
    ratings = [r["rating"] for r in _where("productUpc", source["upc"])]
    return sum(ratings) / len(ratings) if ratings else None


def _review_count(source: Mapping[str, Any], _info: Info) -> int:
    if source["upc"] == "9":
        # A non-null field that fails: null propagates past the entity boundary (up to the root for topProducts).
        raise GraphQLError("review count unavailable for 9", extensions={"code": "COUNT_DOWN"})
    return len(_where("productUpc", source["upc"]))


def _average(source: Mapping[str, Any], _info: Info) -> float | None:
    ratings = [r["rating"] for r in _where("mediaId", source["id"])]
    return sum(ratings) / len(ratings) if ratings else None


def _product(rep: Mapping[str, Any]) -> dict[str, Any]:
    return {"__typename": "Product", "upc": rep["upc"]}


RESOLVERS: dict[str, dict[str, Resolver]] = {
    "Query": {
        "review": lambda _s, _i, id: _review(_REVIEWS.get(id)),
        "latestReviews": lambda _s, _i, first: [_review(r) for r in list(_REVIEWS.values())[::-1][: max(first, 0)]],
    },
    "Product": {
        "reviews": lambda s, _i: _where("productUpc", s["upc"]),
        "reviewCount": _review_count,
        "flakyRating": _flaky,
    },
    "User": {"reviews": lambda s, _i: _where("authorId", s["id"])},
    "Media": {"reviews": lambda s, _i: _where("mediaId", s["id"]), "averageRating": _average},
}
ENTITIES: dict[str, EntityResolver] = {
    "Review": lambda rep: _review(_REVIEWS.get(rep["id"])),
    "Product": _product,
    "User": lambda rep: {"__typename": "User", "id": rep["id"], "username": _USERNAMES.get(rep["id"], "")},
    "Media": lambda rep: {"__typename": "Media", "id": rep["id"]},
}

if __name__ == "__main__":
    sys.exit(main(None, SDL, RESOLVERS, ENTITIES))
