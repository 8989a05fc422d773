"""Client operations as the registry accepts them: parsed, limited, named, executable definitions only."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import DocumentNode, ExecutableDefinitionNode, GraphQLError, OperationDefinitionNode, parse

from registry.domain.errors import RegistryInputError

MAX_DOCUMENT_TOKENS = 20_000


@dataclass(frozen=True, slots=True)
class OperationInput:
    """An uploaded operation: a name (from the manifest, else the document's first operation) and its document."""

    name: str
    document: str


def parse_operation(document: str) -> DocumentNode:
    """Parse an operation document within the token limit; only executable definitions, at least one operation."""
    try:
        parsed = parse(document, no_location=True, max_tokens=MAX_DOCUMENT_TOKENS)
    except GraphQLError as exc:
        raise RegistryInputError("GRAPHQL_PARSE_FAILED", f"operation cannot be parsed: {exc.message}") from exc
    if not all(isinstance(d, ExecutableDefinitionNode) for d in parsed.definitions):
        raise RegistryInputError("INVALID_OPERATION", "an operation document holds only operations and fragments")
    if not any(isinstance(d, OperationDefinitionNode) for d in parsed.definitions):
        raise RegistryInputError("INVALID_OPERATION", "an operation document needs at least one operation")
    return parsed


def operation_name(document: DocumentNode, fallback: str) -> str:
    """The first named operation's name, else `fallback` (a manifest id, a file name)."""
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and definition.name is not None:
            return definition.name.value
    return fallback
