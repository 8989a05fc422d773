"""Test subgraph `reviews`: reviews with authors (entity jumps to accounts), users' reviews, a static header echo."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from tests.support.federated_subgraph import EntityResolver, Resolver, main

SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

type Query {
  topReviews(first: Int = 10): [Review!]!
  staticHeader: String
  reviewsHeader(name: String!): String
}

type Review {
  id: ID!
  body: String!
  author: User!
}

type User @key(fields: "id") {
  id: ID!
  reviews: [Review!]
}
"""

# Reviews 1..6; authors cycle over users 1, 2, 3 so entity fetches see duplicates.
REVIEWS: list[dict[str, Any]] = [
    {"id": f"r{n}", "body": f"Review {n}", "author": {"__typename": "User", "id": str((n - 1) % 3 + 1)}}
    for n in range(1, 7)
]


def _user_reviews(source: Mapping[str, Any], _info: Any) -> list[dict[str, Any]]:
    return [r for r in REVIEWS if r["author"]["id"] == source["id"]]


RESOLVERS: dict[str, dict[str, Resolver]] = {
    "Query": {
        "topReviews": lambda _s, _i, first=10: REVIEWS[:first],
        "staticHeader": lambda _s, info: info.context["headers"].get("x-static"),
        "reviewsHeader": lambda _s, info, name: info.context["headers"].get(name.lower()),
    },
    "User": {"reviews": _user_reviews},
}
ENTITIES: dict[str, EntityResolver] = {"User": lambda rep: {"__typename": "User", "id": rep["id"]}}

if __name__ == "__main__":
    sys.exit(main(None, SDL, RESOLVERS, ENTITIES))
