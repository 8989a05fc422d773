"""`SubgraphSchema`: Strawberry's federation schema with the shared error handling installed.

Strawberry logs every GraphQL error with its stack by default, including the expected ones (a wrong wallet id is
not a server fault). Here expected errors are logged at DEBUG; unexpected ones are logged once, with their stack, by
`CodedErrors`, which also gives every error its `extensions.code`. The router-secret guard is always installed (it
lets everything through when the setting does not require the secret), and so are document limits (tokens, depth,
aliases): the router enforces its own, but a subgraph trusts nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.types import ExecutionContext

from subgraphs.shared.graphql.coded_errors import CodedErrors
from subgraphs.shared.graphql.router_secret import RouterSecretGuard

log = logging.getLogger("subgraphs.graphql")


#: Document limits of a subgraph; generous for router-built operations, small enough to refuse abuse early.
MAX_TOKENS = 20_000
MAX_DEPTH = 25
MAX_ALIASES = 200


class SubgraphSchema(strawberry.federation.Schema):
    """A Federation 2 schema with the shared extensions prepended to `extensions`: document limits (tokens at parse
    time, depth and aliases at validation), `RouterSecretGuard` and `CodedErrors`."""

    def __init__(
        self,
        *,
        extensions: Iterable[Any] = (),
        max_tokens: int = MAX_TOKENS,
        max_depth: int = MAX_DEPTH,
        max_aliases: int = MAX_ALIASES,
        **kwargs: Any,
    ) -> None:
        # Factories, so every request gets fresh extension instances.
        limits = [
            lambda: MaxTokensLimiter(max_token_count=max_tokens),
            lambda: QueryDepthLimiter(max_depth=max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
        ]
        super().__init__(extensions=[*limits, RouterSecretGuard, CodedErrors, *extensions], **kwargs)

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            log.debug("graphql error: %s (path %s)", error.message, error.path)
