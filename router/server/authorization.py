"""The authorization step of the pipeline, over the auth room's pure `authorize` (`router.auth.authorization`).

It turns the auth room's answer into what the rest of the pipeline needs: the document to plan, the coded errors
to put in the response, and the set of response-key paths the response shaper answers with null.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graphql import DocumentNode

from router.auth.claims import Claims
from router.auth.config import AuthConfig
from router.auth.policies import policy_holds
from router.response.shaping import Denied
from router.supergraph.model import Supergraph

UNAUTHORIZED = "UNAUTHORIZED_FIELD_OR_TYPE"


class Removed(Protocol):
    """One removed response position and the parent runtime types it was removed for."""

    @property
    def path(self) -> tuple[str | int, ...]: ...

    @property
    def types(self) -> frozenset[str]: ...


class AuthorizationResult(Protocol):
    """What `router.auth.authorization.authorize` returns."""

    @property
    def document(self) -> DocumentNode: ...

    @property
    def errors(self) -> Sequence[tuple[tuple[str | int, ...], str]]: ...

    @property
    def rejected(self) -> bool: ...

    @property
    def removed(self) -> Sequence[Removed]: ...

    @property
    def cache_key(self) -> Hashable: ...

    @property
    def nothing_to_execute(self) -> bool: ...


Authorize = Callable[[Supergraph, DocumentNode, "str | None", "Claims | None", AuthConfig], AuthorizationResult]


@dataclass(frozen=True)
class Authorized:
    """The pipeline's view of an authorization outcome."""

    document: DocumentNode
    errors: tuple[dict[str, Any], ...]
    denied: Denied  # response-key paths (list indices and `@` dropped) with the runtime types answered null
    rejected: bool
    # What the filtered document depends on (plan cache key): the auth room's `cache_key` where it has one, since
    # equal `denied` paths can hide different documents (a key removed for one runtime type, kept for another).
    cache_key: Hashable = None
    nothing_to_execute: bool = False  # every root field was removed: nothing to plan or fetch


def _response_keys(path: Sequence[str | int]) -> tuple[str, ...]:
    return tuple(k for k in path if isinstance(k, str) and k != "@")


class AuthorizationStep:
    """Applies the configured authorization to one operation."""

    def __init__(self, authorize: Authorize, config: AuthConfig) -> None:
        self._authorize = authorize
        self._config = config
        self._policy_names = tuple(sorted(config.policies))

    def claims_key(self, claims: Claims | None) -> Hashable:
        """Everything about the caller that authorization reads: anonymous or not, the scopes, and which configured
        policies hold. Callers with equal keys get equal outcomes for the same operation, so outcomes are cached."""
        if claims is None:
            return None
        return (
            claims.scopes,
            tuple(policy_holds(name, self._config.policies, claims.raw) for name in self._policy_names),
        )

    def check(
        self, supergraph: Supergraph, document: DocumentNode, operation_name: str | None, claims: Claims | None
    ) -> Authorized:
        result = self._authorize(supergraph, document, operation_name, claims, self._config)
        errors = tuple(
            {"message": message, "path": list(path), "extensions": {"code": UNAUTHORIZED}}
            for path, message in result.errors
        )
        if result.rejected:
            # A rejected operation has no data, so its errors carry no paths into it.
            errors = tuple({"message": e["message"], "extensions": e["extensions"]} for e in errors) or (
                {"message": "The operation is not authorized.", "extensions": {"code": UNAUTHORIZED}},
            )
        denied: Denied = frozenset(
            (_response_keys(removed.path), frozenset(removed.types)) for removed in result.removed
        ) or frozenset((_response_keys(path), frozenset[str]()) for path, _ in result.errors)
        return Authorized(result.document, errors, denied, result.rejected, result.cache_key, result.nothing_to_execute)
