"""Test subgraph `accounts`: users (entity), a slow field, a failing field, a header echo and a serial mutation."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError

from tests.support.federated_subgraph import EntityResolver, Resolver, main

SDL = """
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes"])

type Query {
  me: User
  users: [User!]!
  slow: String
  authorization: String
  header(name: String!): String
}

type Mutation {
  append(entry: String!): [String!]!
}

type User @key(fields: "id") {
  id: ID!
  name: String!
  nickname: String
  email: String @authenticated
  note: String @requiresScopes(scopes: [["notes:read"]])
}
"""

USERS = {
    str(n): {"__typename": "User", "id": str(n), "name": f"User {n}", "email": f"u{n}@example.com", "note": f"note {n}"}
    for n in range(1, 6)
}
_LOG: list[str] = []
_LOCK = threading.Lock()


def _nickname(source: Mapping[str, Any], _info: Any) -> str:
    if source["id"] == "3":
        raise GraphQLError("nickname unavailable", extensions={"code": "NICKNAME_HIDDEN"})
    return f"nick-{source['id']}"


def _slow(_source: Any, _info: Any) -> str:
    time.sleep(3)
    return "finally"


def _append(_source: Any, _info: Any, entry: str) -> list[str]:
    with _LOCK:
        _LOG.append(entry)
        return list(_LOG)


RESOLVERS: dict[str, dict[str, Resolver]] = {
    "Query": {
        "me": lambda _s, _i: USERS["1"],
        "users": lambda _s, _i: list(USERS.values()),
        "slow": _slow,
        "authorization": lambda _s, info: info.context["headers"].get("authorization"),
        "header": lambda _s, info, name: info.context["headers"].get(name.lower()),
    },
    "Mutation": {"append": _append},
    "User": {"nickname": _nickname},
}
ENTITIES: dict[str, EntityResolver] = {"User": lambda rep: USERS.get(str(rep.get("id")))}

if __name__ == "__main__":
    sys.exit(main(None, SDL, RESOLVERS, ENTITIES))
