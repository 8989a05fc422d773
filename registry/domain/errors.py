"""The registry's refusals, each with a stable code; the HTTP service maps them to 400 and 404."""

from __future__ import annotations


class RegistryInputError(ValueError):
    """Input the registry refuses; `code` is the stable machine-readable reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RegistryNotFoundError(LookupError):
    """The variant or subgraph a write names does not exist."""
