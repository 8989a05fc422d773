"""Giftcard domain errors, each with the code the API reports (see `GiftCardErrorCode`)."""

from __future__ import annotations

from subgraphs.shared.errors import DomainError


class InvalidCodeError(DomainError):
    """The code is unknown, malformed, blocked, expired, deactivated, empty or someone else's: one error for all,
    so a guesser learns nothing. Counts as a failed guess."""

    code = "INVALID_CODE"

    def __init__(self) -> None:
        super().__init__("this code cannot be used", field="code")


class TooManyAttemptsError(DomainError):
    """The caller had too many failed code lookups in the current window."""

    code = "TOO_MANY_ATTEMPTS"


class GiftCardNotFoundError(DomainError):
    """No such card, or not one the caller may see (indistinguishable on purpose)."""

    code = "GIFT_CARD_NOT_FOUND"


class RedemptionNotFoundError(DomainError):
    """No such redemption, or not one the caller may see."""

    code = "REDEMPTION_NOT_FOUND"


class GiftCardNotActiveError(DomainError):
    """The card (addressed by id) is blocked, deactivated or expired."""

    code = "GIFT_CARD_NOT_ACTIVE"


class InsufficientBalanceError(DomainError):
    """A debit larger than the card's balance."""

    code = "INSUFFICIENT_BALANCE"


class InvalidStatusChangeError(DomainError):
    """A status change the card's current status does not allow (e.g. unblocking an active card)."""

    code = "INVALID_STATUS_CHANGE"
