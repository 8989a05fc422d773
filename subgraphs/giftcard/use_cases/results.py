"""What the mutations return, and what the idempotency store keeps of it.

Only ids are kept: a replay re-reads the same entities as they are now (a PENDING redemption may have completed
since), and plain codes are never stored, so a replay of `issueGiftCards` returns the cards without their codes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from subgraphs.giftcard.domain.model import GiftCard, Redemption
from subgraphs.giftcard.persistence.unit_of_work import GiftCardUnitOfWork


@dataclass(frozen=True, slots=True)
class IssuedCard:
    """A card just issued, with its plain code (None on a replay: codes are shown once)."""

    code: str | None
    card: GiftCard


@dataclass(frozen=True, slots=True)
class RedeemResult:
    """A redemption and its card right after the debit (or as they are now, on a replay)."""

    redemption: Redemption
    card: GiftCard


def encode_card(card: GiftCard) -> str:
    """The id of a card result."""
    return json.dumps({"card": card.id})


def decode_card(uow: GiftCardUnitOfWork, text: str) -> GiftCard:
    """The card of a stored result, as it is now."""
    card_id = json.loads(text)["card"]
    return uow.cards.get_many([card_id])[card_id]


def encode_issued(issued: list[IssuedCard]) -> str:
    """The ids of the issued cards, in order; never the codes."""
    return json.dumps({"cards": [item.card.id for item in issued]})


def decode_issued(uow: GiftCardUnitOfWork, text: str) -> list[IssuedCard]:
    """The issued cards as they are now, without codes."""
    ids = json.loads(text)["cards"]
    found = uow.cards.get_many(ids)
    return [IssuedCard(code=None, card=found[card_id]) for card_id in ids]


def encode_redeem(result: RedeemResult) -> str:
    """The redemption id of a redeem result."""
    return json.dumps({"redemption": result.redemption.id})


def decode_redeem(uow: GiftCardUnitOfWork, text: str) -> RedeemResult:
    """The redemption and its card as they are now."""
    redemption_id = json.loads(text)["redemption"]
    redemption = uow.redemptions.get_many([redemption_id])[redemption_id]
    card = uow.cards.get_many([redemption.gift_card_id])[redemption.gift_card_id]
    return RedeemResult(redemption=redemption, card=card)
