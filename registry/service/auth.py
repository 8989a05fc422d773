"""Bearer-token access: the write token may do everything, the optional read token may only read.

Tokens are compared in constant time. A missing or malformed header is 401 UNAUTHENTICATED (with
`WWW-Authenticate: Bearer`); the read token on a write is 403 FORBIDDEN.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from enum import Enum

from fastapi import Request

from registry.service.errors import ApiError

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


class Access(Enum):
    """What a token allows."""

    READ = "read"
    WRITE = "write"


class TokenGuard:
    """Decides a request's access from its Authorization header."""

    def __init__(self, write_token: str, read_token: str | None) -> None:
        self._write = write_token.encode()
        self._read = read_token.encode() if read_token else None

    def access(self, authorization: str | None) -> Access:
        if not authorization:
            raise ApiError(401, "UNAUTHENTICATED", "an `Authorization: Bearer <token>` header is required", _CHALLENGE)
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise ApiError(401, "UNAUTHENTICATED", "the Authorization header must be `Bearer <token>`", _CHALLENGE)
        offered = token.encode()
        if hmac.compare_digest(offered, self._write):
            return Access.WRITE
        if self._read is not None and hmac.compare_digest(offered, self._read):
            return Access.READ
        raise ApiError(401, "UNAUTHENTICATED", "invalid token", _CHALLENGE)

    def dependency(self, needed: Access) -> Callable[[Request], None]:
        """A FastAPI dependency that refuses requests without `needed` access."""

        def require(request: Request) -> None:
            granted = self.access(request.headers.get("authorization"))
            if needed is Access.WRITE and granted is not Access.WRITE:
                raise ApiError(403, "FORBIDDEN", "this token may only read")

        return require
