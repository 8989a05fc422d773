"""Redeeming a card into a wallet: the giftcard half of the transfer, in one transaction.

The card row is locked, debited (never below zero; the UPDATE is also conditional on the balance read), a REDEEM
activity, a PENDING redemption and its outbox row are written, and all of it commits together or not at all. The
relay (`relay/`) delivers the credit to the wallet afterwards and settles the redemption (`settlement`).
"""

from __future__ import annotations

from datetime import datetime

from subgraphs.giftcard.domain.access import can_view_card
from subgraphs.giftcard.domain.errors import GiftCardNotFoundError
from subgraphs.giftcard.domain.model import GiftCard, Redemption, RedemptionStatus
from subgraphs.giftcard.persistence.unit_of_work import GiftCardUnitOfWork
from subgraphs.giftcard.use_cases.results import RedeemResult, decode_redeem, encode_redeem
from subgraphs.giftcard.use_cases.runtime import MALFORMED_CODE, GiftCardRuntime, invalid_code
from subgraphs.shared.caller import Caller, require_caller
from subgraphs.shared.errors import InvalidInputError
from subgraphs.shared.ids import new_id, parse_id
from subgraphs.shared.money import requested_money


def redeem_gift_card(
    runtime: GiftCardRuntime,
    caller: Caller | None,
    *,
    wallet_id: str,
    amount: int,
    currency: str,
    idempotency_key: str,
    code: str | None = None,
    gift_card_id: str | None = None,
) -> RedeemResult:
    """Move `amount` from a card (by code, or by id for its owner and staff) into a wallet."""
    who = require_caller(caller)
    if (code is None) == (gift_card_id is None):
        raise InvalidInputError("give exactly one of code and giftCardId", field="code")
    wallet = parse_id(wallet_id, field="walletId")
    money = requested_money(amount, currency)
    by_code = code is not None
    code_hash = runtime.code_hash(code) if by_code else None
    card_id = None if by_code else parse_id(gift_card_id, field="giftCardId")
    target = {"codeHash": code_hash or MALFORMED_CODE} if by_code else {"giftCardId": card_id}
    request = {**target, "walletId": wallet, "amount": amount, "currency": currency}

    def find(uow: GiftCardUnitOfWork, now: datetime) -> GiftCard:
        if by_code:
            card = uow.cards.lock_by_hash(code_hash) if code_hash else None
            if card is None or not card.usable_by_code(who.sub, now):
                raise invalid_code()
            return card
        assert card_id is not None
        card = uow.cards.lock(card_id)
        if card is None or not can_view_card(who, card.owner_id):
            raise GiftCardNotFoundError(f"no gift card {card_id}", field="giftCardId")
        return card

    def work(uow: GiftCardUnitOfWork, now: datetime) -> RedeemResult:
        card = find(uow, now)
        redemption = Redemption(
            id=new_id(),
            gift_card_id=card.id,
            wallet_id=wallet,
            amount=money,
            status=RedemptionStatus.PENDING,
            redeemed_by=who.sub,
            created_at=now,
        )
        debited, activity = card.redeem(money, actor=who.sub, now=now, reference=redemption.id)
        uow.cards.save(card, debited)
        uow.cards.append(activity)
        uow.redemptions.add(redemption, now)
        return RedeemResult(redemption=redemption, card=debited)

    return runtime.run(
        who,
        operation="redeemGiftCard",
        key=idempotency_key,
        request=request,
        work=work,
        encode=encode_redeem,
        decode=decode_redeem,
        guarded=by_code,
    )
