"""`Caller`: who is asking, as established from a verified JWT. Pure.

Scopes come from the space-separated `scope` claim. Staff is the scope `staff`. A service (the giftcard outbox
relay, batch jobs) carries the claim `"service": true`; its `sub` names the service, e.g. `service:giftcard`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from subgraphs.shared.errors import InvalidInputError, UnauthenticatedError

#: The scope that lets a human operator see and act on every user's data.
STAFF_SCOPE = "staff"
#: The longest JWT subject the subgraphs store (owner columns are 255 characters).
MAX_SUBJECT_LENGTH = 255


@dataclass(frozen=True, slots=True)
class Caller:
    """A verified caller: subject, granted scopes, whether it is a service, and the raw claims."""

    sub: str
    scopes: frozenset[str] = frozenset()
    is_service: bool = False
    claims: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_staff(self) -> bool:
        """True when the token carries the `staff` scope."""
        return STAFF_SCOPE in self.scopes

    def has_scope(self, scope: str) -> bool:
        """True when `scope` was granted."""
        return scope in self.scopes

    def has_any_scope(self, *scopes: str) -> bool:
        """True when at least one of `scopes` was granted."""
        return any(s in self.scopes for s in scopes)


def caller_from_claims(claims: Mapping[str, Any]) -> Caller:
    """Build a `Caller` from already-verified claims."""
    raw_scope = claims.get("scope", "")
    scopes = frozenset(raw_scope.split()) if isinstance(raw_scope, str) else frozenset()
    return Caller(sub=str(claims["sub"]), scopes=scopes, is_service=claims.get("service") is True, claims=dict(claims))


def parse_subject(value: str, *, field: str) -> str:
    """A user id given by a client (a JWT subject): 1-255 printable characters, else INVALID_INPUT."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_SUBJECT_LENGTH or not value.isprintable():
        raise InvalidInputError(f"{field} must be 1 to {MAX_SUBJECT_LENGTH} printable characters", field=field)
    return value


def require_caller(caller: Caller | None) -> Caller:
    """The caller, or UNAUTHENTICATED."""
    if caller is None:
        raise UnauthenticatedError("a valid bearer token is required")
    return caller
