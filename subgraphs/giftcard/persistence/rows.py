"""Row <-> domain object conversion for the giftcard tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from subgraphs.giftcard.domain.model import (
    ActivityKind,
    GiftCard,
    GiftCardActivity,
    LifecycleStatus,
    Redemption,
    RedemptionStatus,
)
from subgraphs.shared.clock import as_utc
from subgraphs.shared.money import Money


def maybe_utc(value: datetime | None) -> datetime | None:
    """`as_utc` for nullable columns."""
    return None if value is None else as_utc(value)


def card_from_row(row: Row[Any]) -> GiftCard:
    """A card from its row."""
    return GiftCard(
        id=row.id,
        code_hash=row.code_hash,
        last4=row.last4,
        initial_value=Money(int(row.initial_value), row.currency),
        balance=Money(int(row.balance), row.currency),
        status=LifecycleStatus(row.status),
        expires_at=maybe_utc(row.expires_at),
        owner_id=row.owner_id,
        created_at=as_utc(row.created_at),
        note=row.note,
    )


def card_values(card: GiftCard) -> dict[str, Any]:
    """The insert values of a card."""
    return {
        "id": card.id,
        "code_hash": card.code_hash,
        "last4": card.last4,
        "currency": card.currency,
        "initial_value": card.initial_value.amount,
        "balance": card.balance.amount,
        "status": card.status.value,
        "expires_at": card.expires_at,
        "owner_id": card.owner_id,
        "note": card.note,
        "created_at": card.created_at,
    }


def activity_from_row(row: Row[Any]) -> GiftCardActivity:
    """An activity from its row."""
    return GiftCardActivity(
        id=row.id,
        gift_card_id=row.gift_card_id,
        kind=ActivityKind(row.kind),
        amount=Money(int(row.amount), row.currency),
        balance_after=Money(int(row.balance_after), row.currency),
        actor=row.actor,
        reason=row.reason,
        reference=row.reference,
        created_at=as_utc(row.created_at),
        seq=int(row.seq),
    )


def activity_values(entry: GiftCardActivity) -> dict[str, Any]:
    """The insert values of an activity."""
    return {
        "id": entry.id,
        "gift_card_id": entry.gift_card_id,
        "kind": entry.kind.value,
        "amount": entry.amount.amount,
        "balance_after": entry.balance_after.amount,
        "currency": entry.amount.currency,
        "actor": entry.actor,
        "reason": entry.reason,
        "reference": entry.reference,
        "created_at": entry.created_at,
    }


def redemption_from_row(row: Row[Any]) -> Redemption:
    """A redemption from its row."""
    return Redemption(
        id=row.id,
        gift_card_id=row.gift_card_id,
        wallet_id=row.wallet_id,
        amount=Money(int(row.amount), row.currency),
        status=RedemptionStatus(row.status),
        redeemed_by=row.redeemed_by,
        created_at=as_utc(row.created_at),
        failure_reason=row.failure_reason,
        completed_at=maybe_utc(row.completed_at),
    )


def redemption_values(redemption: Redemption) -> dict[str, Any]:
    """The insert values of a redemption."""
    return {
        "id": redemption.id,
        "gift_card_id": redemption.gift_card_id,
        "wallet_id": redemption.wallet_id,
        "amount": redemption.amount.amount,
        "currency": redemption.amount.currency,
        "status": redemption.status.value,
        "failure_reason": redemption.failure_reason,
        "redeemed_by": redemption.redeemed_by,
        "created_at": redemption.created_at,
        "completed_at": redemption.completed_at,
    }
