"""The one error authentication raises: a coded GraphQL error that the HTTP layer answers with 401."""

from __future__ import annotations

from typing import Literal

AuthenticationCode = Literal["UNAUTHENTICATED", "INVALID_TOKEN"]


def _quoted(text: str) -> str:
    """A value fit for a quoted-string in a WWW-Authenticate parameter (RFC 7235): no quotes, no backslashes."""
    return "".join(c for c in text if c.isprintable() and c not in '"\\')


class AuthenticationError(Exception):
    """The caller is not authenticated: no token where one is required, or a token that is not acceptable.

    `code` goes into the GraphQL error's `extensions.code`; `www_authenticate` is the header value to send with the
    401 (RFC 6750: no `error` attribute when credentials were simply missing); `status_code` is always 401.
    """

    status_code = 401

    def __init__(self, code: AuthenticationCode, message: str, *, realm: str = "router") -> None:
        super().__init__(message)
        self.code: AuthenticationCode = code
        self.message = message
        if code == "UNAUTHENTICATED":
            self.www_authenticate = f'Bearer realm="{_quoted(realm)}"'
        else:
            self.www_authenticate = (
                f'Bearer realm="{_quoted(realm)}", error="invalid_token", error_description="{_quoted(message)}"'
            )

    def __repr__(self) -> str:
        return f"AuthenticationError({self.code!r}, {self.message!r})"
