"""Domain errors that carry a stable machine-readable code.

Each subgraph's domain raises subclasses of `DomainError`; the GraphQL layer turns them into typed `userErrors`
(mutations) or GraphQL errors with `extensions.code` (queries). Codes are plain strings here so the pure rooms do not
depend on any GraphQL enum; each subgraph maps them onto its own error-code enum.
"""

from __future__ import annotations


class DomainError(Exception):
    """A failure the caller caused and can fix; `field` names the offending input, if any."""

    code: str = "INVALID_INPUT"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class InvalidInputError(DomainError):
    """Input that is malformed regardless of any stored state."""

    code = "INVALID_INPUT"


class InvalidAmountError(DomainError):
    """An amount that is zero, negative, not an integer or out of range."""

    code = "INVALID_AMOUNT"


class InvalidCurrencyError(DomainError):
    """A currency code that is not in the accepted ISO-4217 list."""

    code = "INVALID_CURRENCY"


class CurrencyMismatchError(DomainError):
    """Two amounts (or an amount and a wallet/card) in different currencies."""

    code = "CURRENCY_MISMATCH"


class UnauthenticatedError(DomainError):
    """The operation needs a verified caller and there is none."""

    code = "UNAUTHENTICATED"


class ForbiddenError(DomainError):
    """The caller is known but may not do this."""

    code = "FORBIDDEN"


class IdempotencyKeyReusedError(DomainError):
    """The idempotency key was already used by this caller for this operation with different input."""

    code = "IDEMPOTENCY_KEY_REUSED"
