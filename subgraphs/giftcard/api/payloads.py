"""Mutation payloads: the result on success, typed `userErrors` (and null results) on failure."""

from __future__ import annotations

from datetime import datetime

import strawberry

from subgraphs.giftcard.api.enums import GiftCardUserError
from subgraphs.giftcard.api.types import GiftCard, Redemption
from subgraphs.giftcard.domain import model
from subgraphs.giftcard.use_cases import IssuedCard
from subgraphs.shared.errors import DomainError

_USER_ERRORS = "Why the mutation did not happen; empty on success."


def _errors(error: DomainError | None) -> list[GiftCardUserError]:
    return [] if error is None else [GiftCardUserError.from_error(error)]


@strawberry.type(description="A card just issued, with its code.")
class IssuedGiftCard:
    code: str | None = strawberry.field(
        description="The full code, shown here once and never again; null when this payload is a replay of an "
        "earlier call with the same idempotency key."
    )
    gift_card: GiftCard = strawberry.field(description="The card.")


@strawberry.type(description="Result of `issueGiftCards`.")
class IssueGiftCardsPayload:
    issued: list[IssuedGiftCard] = strawberry.field(description="The cards issued, with their codes.")
    user_errors: list[GiftCardUserError] = strawberry.field(description=_USER_ERRORS)

    @classmethod
    def of(cls, result: list[IssuedCard] | DomainError, now: datetime) -> IssueGiftCardsPayload:
        """Payload for a result or an error."""
        if isinstance(result, DomainError):
            return cls(issued=[], user_errors=_errors(result))
        return cls(
            issued=[IssuedGiftCard(code=item.code, gift_card=GiftCard.from_domain(item.card, now)) for item in result],
            user_errors=[],
        )


@strawberry.type(description="Result of a mutation on one card (claim, adjust, block, unblock, deactivate).")
class GiftCardPayload:
    gift_card: GiftCard | None = strawberry.field(description="The card right after the change.")
    user_errors: list[GiftCardUserError] = strawberry.field(description=_USER_ERRORS)

    @classmethod
    def of(cls, result: model.GiftCard | DomainError, now: datetime) -> GiftCardPayload:
        """Payload for a result or an error."""
        if isinstance(result, DomainError):
            return cls(gift_card=None, user_errors=_errors(result))
        return cls(gift_card=GiftCard.from_domain(result, now), user_errors=[])


@strawberry.type(description="Result of `redeemGiftCard`.")
class RedeemGiftCardPayload:
    redemption: Redemption | None = strawberry.field(
        description="The redemption: COMPLETED or FAILED if it settled within the wait, else PENDING (read it again "
        "later through `redemption(id)`)."
    )
    gift_card: GiftCard | None = strawberry.field(description="The card as it is now.")
    user_errors: list[GiftCardUserError] = strawberry.field(description=_USER_ERRORS)

    @classmethod
    def failure(cls, error: DomainError) -> RedeemGiftCardPayload:
        """Payload for an error."""
        return cls(redemption=None, gift_card=None, user_errors=_errors(error))

    @classmethod
    def success(cls, redemption: model.Redemption, card: model.GiftCard, now: datetime) -> RedeemGiftCardPayload:
        """Payload for a redemption and its card."""
        return cls(
            redemption=Redemption.from_domain(redemption), gift_card=GiftCard.from_domain(card, now), user_errors=[]
        )
