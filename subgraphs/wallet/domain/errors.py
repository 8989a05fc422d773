"""Wallet domain errors, each with the code the API reports (see `WalletErrorCode`)."""

from __future__ import annotations

from subgraphs.shared.errors import DomainError


class WalletNotFoundError(DomainError):
    """No such wallet, or not one the caller may see (the two are indistinguishable on purpose)."""

    code = "WALLET_NOT_FOUND"


class InsufficientFundsError(DomainError):
    """A debit larger than the balance."""

    code = "INSUFFICIENT_FUNDS"


class WalletFrozenError(DomainError):
    """The wallet is frozen: no money moves in or out."""

    code = "WALLET_FROZEN"


class WalletClosedError(DomainError):
    """The wallet is closed for good."""

    code = "WALLET_CLOSED"


class ReferenceConflictError(DomainError):
    """A credit reference (e.g. a redemption id) already used for a different credit."""

    code = "REFERENCE_CONFLICT"
