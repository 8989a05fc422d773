"""Staff actions on a card: adjust the balance, block, unblock, deactivate (one-way)."""

from __future__ import annotations

from datetime import datetime

from subgraphs.giftcard.domain.access import require_admin
from subgraphs.giftcard.domain.errors import GiftCardNotFoundError
from subgraphs.giftcard.domain.model import ActivityKind, GiftCard
from subgraphs.giftcard.persistence.unit_of_work import GiftCardUnitOfWork
from subgraphs.giftcard.use_cases.results import decode_card, encode_card
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.caller import Caller, require_caller
from subgraphs.shared.ids import parse_id
from subgraphs.shared.money import requested_money
from subgraphs.shared.text import clean_text


def _locked(uow: GiftCardUnitOfWork, card_id: str) -> GiftCard:
    card = uow.cards.lock(card_id)
    if card is None:
        raise GiftCardNotFoundError(f"no gift card {card_id}", field="id")
    return card


def adjust_gift_card(
    runtime: GiftCardRuntime,
    caller: Caller | None,
    *,
    gift_card_id: str,
    amount: int,
    currency: str,
    reason: str,
    idempotency_key: str,
) -> GiftCard:
    """Add (positive) or take (negative) money, with a reason; never below zero (staff)."""
    who = require_caller(caller)
    require_admin(who)
    card_id = parse_id(gift_card_id, field="id")
    delta = requested_money(amount, currency, signed=True)
    reason_text = clean_text(reason, field="reason", required=True)

    def work(uow: GiftCardUnitOfWork, now: datetime) -> GiftCard:
        card = _locked(uow, card_id)
        adjusted, activity = card.post(delta, kind=ActivityKind.ADJUST, actor=who.sub, now=now, reason=reason_text)
        uow.cards.save(card, adjusted)
        uow.cards.append(activity)
        return adjusted

    return runtime.run(
        who,
        operation="adjustGiftCard",
        key=idempotency_key,
        request={"id": card_id, "amount": amount, "currency": currency, "reason": reason_text},
        work=work,
        encode=encode_card,
        decode=decode_card,
    )


def change_status(
    runtime: GiftCardRuntime,
    caller: Caller | None,
    *,
    kind: ActivityKind,
    gift_card_id: str,
    idempotency_key: str,
    reason: str | None = None,
) -> GiftCard:
    """BLOCK, UNBLOCK or DEACTIVATE a card (staff)."""
    who = require_caller(caller)
    require_admin(who)
    card_id = parse_id(gift_card_id, field="id")
    reason_text = clean_text(reason, field="reason", required=False)

    def work(uow: GiftCardUnitOfWork, now: datetime) -> GiftCard:
        card = _locked(uow, card_id)
        changed, activity = card.change_status(kind, actor=who.sub, now=now, reason=reason_text)
        uow.cards.save(card, changed)
        uow.cards.append(activity)
        return changed

    operation = {
        ActivityKind.BLOCK: "blockGiftCard",
        ActivityKind.UNBLOCK: "unblockGiftCard",
        ActivityKind.DEACTIVATE: "deactivateGiftCard",
    }[kind]
    return runtime.run(
        who,
        operation=operation,
        key=idempotency_key,
        request={"id": card_id, "reason": reason_text},
        work=work,
        encode=encode_card,
        decode=decode_card,
    )
