"""Issuing cards: up to 1,000 in one transaction, each with a fresh code whose plain form leaves only in the result."""

from __future__ import annotations

from datetime import datetime

from subgraphs.giftcard.domain.access import require_issuer
from subgraphs.giftcard.domain.codes import format_code, generate_code, hash_code, last4
from subgraphs.giftcard.domain.model import (
    GiftCard,
    GiftCardActivity,
    validate_count,
    validate_expiry,
    validate_owner,
)
from subgraphs.giftcard.persistence.unit_of_work import GiftCardUnitOfWork
from subgraphs.giftcard.use_cases.results import IssuedCard, decode_issued, encode_issued
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.caller import Caller, require_caller
from subgraphs.shared.money import requested_money
from subgraphs.shared.text import clean_text


def issue_gift_cards(
    runtime: GiftCardRuntime,
    caller: Caller | None,
    *,
    amount: int,
    currency: str,
    count: int,
    idempotency_key: str,
    expires_at: datetime | None = None,
    owner_id: str | None = None,
    note: str | None = None,
) -> list[IssuedCard]:
    """Issue `count` cards of `amount` each (scope `giftcards:issue` or staff)."""
    who = require_caller(caller)
    require_issuer(who)
    value = requested_money(amount, currency, field="value")
    count = validate_count(count)
    owner = validate_owner(owner_id)
    note_text = clean_text(note, field="note", required=False)
    expiry = validate_expiry(expires_at, runtime.clock())
    request = {
        "amount": amount,
        "currency": currency,
        "count": count,
        "expiresAt": expiry.isoformat() if expiry else None,
        "ownerId": owner,
        "note": note_text,
    }

    def work(uow: GiftCardUnitOfWork, now: datetime) -> list[IssuedCard]:
        codes = _fresh_codes(uow, runtime.pepper, count)
        issued: list[IssuedCard] = []
        activities: list[GiftCardActivity] = []
        for code, code_hash in codes:
            card, activity = GiftCard.issue(
                code_hash=code_hash,
                last_four=last4(code),
                value=value,
                expires_at=expiry,
                owner_id=owner,
                note=note_text,
                actor=who.sub,
                now=now,
            )
            issued.append(IssuedCard(code=format_code(code), card=card))
            activities.append(activity)
        uow.cards.add_many([item.card for item in issued])
        uow.cards.append_many(activities)
        return issued

    return runtime.run(
        who,
        operation="issueGiftCards",
        key=idempotency_key,
        request=request,
        work=work,
        encode=encode_issued,
        decode=decode_issued,
    )


def _fresh_codes(uow: GiftCardUnitOfWork, pepper: bytes, count: int) -> list[tuple[str, str]]:
    """`count` codes with hashes no card has (a collision at 80 bits is practically impossible; redraw if so)."""
    chosen: dict[str, str] = {}
    while len(chosen) < count:
        batch = {}
        for _ in range(count - len(chosen)):
            code = generate_code()
            batch[hash_code(code, pepper)] = code
        taken = uow.cards.hashes_taken(list(batch))
        for code_hash, code in batch.items():
            if code_hash not in taken:
                chosen.setdefault(code_hash, code)
    return [(code, code_hash) for code_hash, code in chosen.items()]
