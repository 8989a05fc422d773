"""Test subgraph `media`: an entity interface (`Media`, extended elsewhere by an @interfaceObject), its
implementations, an enum, and a union whose members differ from the products subgraph's union of the same name."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from tests.conformance.subgraphs import data
from tests.support.federated_subgraph import EntityResolver, Resolver, main

SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

type Query {
  media: [Media!]!
  mediaItem(id: ID!): Media
  featured: [Featured!]!
}

interface Media @key(fields: "id") {
  id: ID!
  title: String!
}

type Book implements Media @key(fields: "id") {
  id: ID!
  title: String!
  author: String!
  pages: Int
}

type Movie implements Media @key(fields: "id") {
  id: ID!
  title: String!
  director: String!
  genre: Genre
}

enum Genre {
  DRAMA
  COMEDY
  DOCUMENTARY
}

union Featured = Book | Movie
"""

_MEDIA = data.media()


def _entity(rep: Mapping[str, Any]) -> dict[str, Any] | None:
    found = _MEDIA.get(rep["id"])
    # `Media` representations come from the @interfaceObject; concrete ones must match their type.
    if found is None or rep["__typename"] not in ("Media", found["__typename"]):
        return None
    return found


RESOLVERS: dict[str, dict[str, Resolver]] = {
    "Query": {
        "media": lambda _s, _i: list(_MEDIA.values()),
        "mediaItem": lambda _s, _i, id: _MEDIA.get(id),
        "featured": lambda _s, _i: [_MEDIA["m2"], _MEDIA["b1"], _MEDIA["m3"]],
    },
}
ENTITIES: dict[str, EntityResolver] = {"Media": _entity, "Book": _entity, "Movie": _entity}

if __name__ == "__main__":
    sys.exit(main(None, SDL, RESOLVERS, ENTITIES))
