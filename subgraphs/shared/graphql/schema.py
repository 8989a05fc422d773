"""`SubgraphSchema`: Strawberry's federation schema with the shared error handling installed.

Strawberry logs every GraphQL error with its stack by default, including the expected ones (a wrong wallet id is
not a server fault). Here expected errors are logged at DEBUG; unexpected ones are logged once, with their stack, by
`CodedErrors`, which also gives every error its `extensions.code`. The router-secret guard is always installed (it
lets everything through when the setting does not require the secret).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from subgraphs.shared.graphql.coded_errors import CodedErrors
from subgraphs.shared.graphql.router_secret import RouterSecretGuard

log = logging.getLogger("subgraphs.graphql")


class SubgraphSchema(strawberry.federation.Schema):
    """A Federation 2 schema with `RouterSecretGuard` and `CodedErrors` prepended to `extensions`."""

    def __init__(self, *, extensions: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(extensions=[RouterSecretGuard, CodedErrors, *extensions], **kwargs)

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            log.debug("graphql error: %s (path %s)", error.message, error.path)
