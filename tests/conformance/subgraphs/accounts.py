"""Test subgraph `accounts`: users with two keys, an @inaccessible field, a compound-key product reference, a
non-null field that fails (null propagation), and a serial mutation."""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError

from tests.conformance.subgraphs import data
from tests.support.federated_subgraph import EntityResolver, Info, Resolver, main

SDL = """
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@inaccessible", "@tag"])

type Query {
  me: User
  user(id: ID!): User
  userByUsername(username: String!): User
  users: [User]
}

type Mutation {
  appendLog(session: String!, entry: String!): [String!]!
}

enum AccountStatus {
  ACTIVE
  SUSPENDED
}

type User @key(fields: "id") @key(fields: "username") {
  id: ID!
  username: String! @shareable
  name: String
  birthday: Int @tag(name: "private")
  internalCode: String @inaccessible
  status: AccountStatus!
  secret: String!
  favoriteProduct: Product
}

type Product @key(fields: "sku variation { id }", resolvable: false) {
  sku: String!
  variation: ProductVariation!
}

type ProductVariation @shareable {
  id: ID!
}
"""

_USERS = data.users()
_LOGS: dict[str, list[str]] = {}
_LOCK = threading.Lock()


def _user(u: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if u is None:
        return None
    n = int(u["id"])
    return {
        "__typename": "User",
        **u,
        "internalCode": f"internal-{n}",
        "status": "SUSPENDED" if n == 5 else "ACTIVE",
        # User 6's favourite product does not exist: the products subgraph answers its entity with null.
        "favoriteProduct": {"sku": f"SKU-{n}", "variation": {"id": f"V{n}"}}
        if n != 6
        else {"sku": "SKU-404", "variation": {"id": "V404"}},
    }


def _secret(source: Mapping[str, Any], _info: Info) -> str:
    if source["id"] == "3":
        raise GraphQLError("secret unavailable", extensions={"code": "FORBIDDEN"})
    return f"secret-{source['id']}"


def _append_log(_s: Any, _i: Info, session: str, entry: str) -> list[str]:
    with _LOCK:
        log = _LOGS.setdefault(session, [])
        log.append(entry)
        return list(log)


def _by_username(username: str) -> dict[str, Any] | None:
    return _user(next((u for u in _USERS.values() if u["username"] == username), None))


def _entity(rep: Mapping[str, Any]) -> dict[str, Any] | None:
    if "id" in rep:
        return _user(_USERS.get(rep["id"]))
    return _by_username(rep["username"])


RESOLVERS: dict[str, dict[str, Resolver]] = {
    "Query": {
        "me": lambda _s, _i: _user(_USERS["1"]),
        "user": lambda _s, _i, id: _user(_USERS.get(id)),
        "userByUsername": lambda _s, _i, username: _by_username(username),
        "users": lambda _s, _i: [_user(u) for u in _USERS.values()],
    },
    "Mutation": {"appendLog": _append_log},
    "User": {"secret": _secret},
}
ENTITIES: dict[str, EntityResolver] = {"User": _entity}

if __name__ == "__main__":
    sys.exit(main(None, SDL, RESOLVERS, ENTITIES))
