"""The giftcard subgraph's GraphQL enums and the typed user error of its mutations."""

from __future__ import annotations

from enum import Enum

import strawberry

from subgraphs.shared.errors import DomainError
from subgraphs.shared.graphql.coded_errors import user_error_code
from subgraphs.shared.graphql.error_codes import shared_code


@strawberry.enum(description="What a client sees of a card's state.")
class GiftCardStatus(Enum):
    ACTIVE = strawberry.enum_value("ACTIVE", description="Usable: not blocked, not expired, money left.")
    DEACTIVATED = strawberry.enum_value("DEACTIVATED", description="Deactivated by staff, for good.")
    BLOCKED = strawberry.enum_value("BLOCKED", description="Blocked by staff until unblocked.")
    EXPIRED = strawberry.enum_value("EXPIRED", description="Past its expiry date.")
    EMPTY = strawberry.enum_value("EMPTY", description="Nothing left on it.")


@strawberry.enum(description="Why a card changed.")
class GiftCardActivityKind(Enum):
    ISSUE = strawberry.enum_value("ISSUE", description="The card was issued with its initial value.")
    CLAIM = strawberry.enum_value("CLAIM", description="A user attached the card to themselves.")
    REDEEM = strawberry.enum_value("REDEEM", description="Money went from the card into a wallet.")
    ADJUST = strawberry.enum_value("ADJUST", description="Staff corrected the balance.")
    REFUND = strawberry.enum_value("REFUND", description="A failed redemption was given back.")
    BLOCK = strawberry.enum_value("BLOCK", description="Staff blocked the card.")
    UNBLOCK = strawberry.enum_value("UNBLOCK", description="Staff unblocked the card.")
    DEACTIVATE = strawberry.enum_value("DEACTIVATE", description="Staff deactivated the card for good.")


@strawberry.enum(description="Where a redemption stands.")
class RedemptionStatus(Enum):
    PENDING = strawberry.enum_value("PENDING", description="The card is debited; the wallet credit is on its way.")
    COMPLETED = strawberry.enum_value("COMPLETED", description="The wallet was credited.")
    FAILED = strawberry.enum_value("FAILED", description="The wallet refused; the card was refunded.")


@strawberry.enum(description="Machine-readable reason a giftcard mutation failed.")
class GiftCardErrorCode(Enum):
    INVALID_CODE = strawberry.enum_value(
        "INVALID_CODE", description="The code cannot be used (unknown, blocked, expired, empty...: one error for all)."
    )
    TOO_MANY_ATTEMPTS = strawberry.enum_value(
        "TOO_MANY_ATTEMPTS", description="Too many failed code attempts; wait for the window to pass."
    )
    GIFT_CARD_NOT_FOUND = strawberry.enum_value(
        "GIFT_CARD_NOT_FOUND", description="No such card, or not one the caller may see."
    )
    GIFT_CARD_NOT_ACTIVE = strawberry.enum_value(
        "GIFT_CARD_NOT_ACTIVE", description="The card is blocked, deactivated or expired."
    )
    INSUFFICIENT_BALANCE = strawberry.enum_value("INSUFFICIENT_BALANCE", description="The card holds less.")
    INVALID_STATUS_CHANGE = strawberry.enum_value(
        "INVALID_STATUS_CHANGE", description="The card's status does not allow this change."
    )
    INVALID_AMOUNT = shared_code("INVALID_AMOUNT")
    INVALID_CURRENCY = shared_code("INVALID_CURRENCY")
    CURRENCY_MISMATCH = strawberry.enum_value(
        "CURRENCY_MISMATCH", description="The amount's currency differs from the card's."
    )
    INVALID_ID = shared_code("INVALID_ID")
    INVALID_INPUT = shared_code("INVALID_INPUT")
    IDEMPOTENCY_KEY_REUSED = shared_code("IDEMPOTENCY_KEY_REUSED")
    IDEMPOTENCY_KEY_IN_USE = shared_code("IDEMPOTENCY_KEY_IN_USE")
    FORBIDDEN = shared_code("FORBIDDEN")
    UNAUTHENTICATED = shared_code("UNAUTHENTICATED")


@strawberry.type(description="Why a mutation did not happen; nothing was changed.")
class GiftCardUserError:
    code: GiftCardErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")
    field: str | None = strawberry.field(description="The argument at fault, e.g. `amount.currency`, if any.")

    @classmethod
    def from_error(cls, error: DomainError) -> GiftCardUserError:
        """The typed user error for a domain error."""
        return cls(
            code=user_error_code(GiftCardErrorCode, error, GiftCardErrorCode.INVALID_INPUT),
            message=error.message,
            field=error.field,
        )
