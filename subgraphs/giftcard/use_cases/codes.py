"""Everything that looks a card up by its code: claim and balance (redeem by code lives in `redeem`).

Each lookup runs guarded (see `GiftCardRuntime.run`): unknown, malformed, blocked, expired, deactivated, empty and
someone else's codes all fail with the same INVALID_CODE and count as one failed attempt of the caller.
"""

from __future__ import annotations

from datetime import datetime

from subgraphs.giftcard.domain.model import GiftCard
from subgraphs.giftcard.persistence.unit_of_work import GiftCardUnitOfWork
from subgraphs.giftcard.use_cases.results import decode_card, encode_card
from subgraphs.giftcard.use_cases.runtime import MALFORMED_CODE, GiftCardRuntime, invalid_code
from subgraphs.shared.caller import Caller, require_caller


def claim_gift_card(runtime: GiftCardRuntime, caller: Caller | None, *, code: str, idempotency_key: str) -> GiftCard:
    """Attach an unowned card to the caller (claiming one's own card again is a no-op)."""
    who = require_caller(caller)
    code_hash = runtime.code_hash(code)

    def work(uow: GiftCardUnitOfWork, now: datetime) -> GiftCard:
        card = uow.cards.lock_by_hash(code_hash) if code_hash else None
        if card is None or not card.usable_by_code(who.sub, now, for_claim=True):
            raise invalid_code()
        if card.owner_id == who.sub:
            return card
        claimed, activity = card.claim(who.sub, now=now)
        uow.cards.save(card, claimed)
        uow.cards.append(activity)
        return claimed

    return runtime.run(
        who,
        operation="claimGiftCard",
        key=idempotency_key,
        request={"codeHash": code_hash or MALFORMED_CODE},
        work=work,
        encode=encode_card,
        decode=decode_card,
        guarded=True,
    )


def gift_card_by_code(runtime: GiftCardRuntime, caller: Caller | None, *, code: str) -> GiftCard:
    """The card behind a code, for a balance check: usable, and unowned or the caller's."""
    who = require_caller(caller)
    code_hash = runtime.code_hash(code)

    def work(uow: GiftCardUnitOfWork, now: datetime) -> GiftCard:
        card = uow.cards.by_hash(code_hash) if code_hash else None
        if card is None or not card.usable_by_code(who.sub, now):
            raise invalid_code()
        return card

    return runtime.run(who, operation="giftCardBalance", key=None, request={}, work=work, guarded=True)
