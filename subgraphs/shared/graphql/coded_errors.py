"""Every GraphQL error leaves with `extensions.code`; unexpected exceptions leave without their details.

`CodedErrors` is a Strawberry extension that, after each operation, gives each error a code:
- a `DomainError` (raised by a query resolver) keeps its message and gets its code, e.g. WALLET_NOT_FOUND;
- an error that already has a code keeps it;
- a syntax error becomes GRAPHQL_PARSE_FAILED, a variable that does not coerce BAD_USER_INPUT, other document
  errors GRAPHQL_VALIDATION_FAILED; an uncoded error raised during execution (a non-null field resolved to null)
  INTERNAL_SERVER_ERROR with its (harmless) message;
- anything else is a bug: it is logged with its stack and replaced by "Internal server error" +
  INTERNAL_SERVER_ERROR, so no stack trace or internal message reaches the client.

Mutations report expected failures as typed payload errors instead (`user_error_code`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from enum import Enum
from typing import Any, TypeVar

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from subgraphs.shared.errors import DomainError

log = logging.getLogger("subgraphs.errors")

E = TypeVar("E", bound=Enum)


def domain_graphql_error(error: DomainError) -> GraphQLError:
    """A GraphQL error for a domain error (for query resolvers that cannot return a payload)."""
    extensions: dict[str, Any] = {"code": error.code}
    if error.field:
        extensions["field"] = error.field
    return GraphQLError(error.message, extensions=extensions, original_error=error)


def user_error_code(enum: type[E], error: DomainError, fallback: E) -> E:
    """Map a domain error's code onto a subgraph's error-code enum (unknown codes -> `fallback`)."""
    try:
        return enum[error.code]
    except KeyError:
        return fallback


def _coded(error: GraphQLError) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    if isinstance(original, DomainError):
        extensions: dict[str, Any] = {**(error.extensions or {}), "code": original.code}
        if original.field:
            extensions["field"] = original.field
        return GraphQLError(
            original.message, nodes=error.nodes, path=error.path, extensions=extensions, original_error=original
        )
    if original is None or isinstance(original, GraphQLError):
        if error.message.startswith("Syntax Error"):
            code = "GRAPHQL_PARSE_FAILED"
        elif error.path is None and error.message.startswith("Variable "):
            code = "BAD_USER_INPUT"
        elif error.path is None:
            code = "GRAPHQL_VALIDATION_FAILED"
        else:  # raised during execution without a code, e.g. a non-null field resolved to null: our fault
            code = "INTERNAL_SERVER_ERROR"
        return GraphQLError(
            error.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={**(error.extensions or {}), "code": code},
        )
    log.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(
        "Internal server error",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR"},
    )


class CodedErrors(SchemaExtension):
    """Give every error an `extensions.code` and mask unexpected ones."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [_coded(error) for error in errors]
