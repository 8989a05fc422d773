"""The GraphQL request context base: who the caller is and whether the router vouched for the request.

`CallerMiddleware` (subgraphs.shared.middleware) has already verified the token; this only reads the request state.
"""

from __future__ import annotations

from starlette.requests import Request

from subgraphs.shared.caller import Caller
from subgraphs.shared.errors import UnauthenticatedError


def caller_of(request: Request) -> Caller | None:
    """The verified caller of `request`, or None for an anonymous request."""
    caller = getattr(request.state, "caller", None)
    return caller if isinstance(caller, Caller) else None


def router_trusted(request: Request) -> bool:
    """True when the request may use router-only fields: the secret matched, or none is required."""
    return getattr(request.state, "router_trusted", False) is True


class SubgraphContext:
    """Context shared by all subgraphs; each subgraph subclasses it to add its loaders and services."""

    def __init__(self, *, caller: Caller | None, router_trusted: bool) -> None:
        self.caller = caller
        self.router_trusted = router_trusted

    def require_caller(self) -> Caller:
        """The caller, or `UnauthenticatedError` for an anonymous request."""
        if self.caller is None:
            raise UnauthenticatedError("a valid bearer token is required")
        return self.caller
