"""The mutation error codes both subgraphs share, described once.

Each subgraph keeps its own error-code enum (its own GraphQL type, next to its own codes such as WALLET_FROZEN or
INVALID_CODE) and lists the shared ones as `INVALID_ID = shared_code("INVALID_ID")`, so a code means the same in
every subgraph and its description is written in one place.
"""

from __future__ import annotations

from types import MappingProxyType

import strawberry
from strawberry.types.enum import EnumValueDefinition

#: Shared code -> its description in every subgraph's error-code enum.
SHARED_CODES = MappingProxyType(
    {
        "INVALID_AMOUNT": "The amount is zero, negative or too large.",
        "INVALID_CURRENCY": "Not a supported ISO-4217 currency code.",
        "INVALID_ID": "An id that is not well-formed.",
        "INVALID_INPUT": "Other malformed input (see `field`).",
        "IDEMPOTENCY_KEY_REUSED": "The idempotency key was used before with different input.",
        "IDEMPOTENCY_KEY_IN_USE": "A request with this key is still running; retry.",
        "FORBIDDEN": "The caller may not do this.",
        "UNAUTHENTICATED": "A valid bearer token is required.",
    }
)


def shared_code(name: str) -> EnumValueDefinition:
    """The enum value of a shared code, with its one description."""
    return strawberry.enum_value(name, description=SHARED_CODES[name])
