"""The relay's transactions: lease due outbox rows, and settle a delivery as COMPLETED, FAILED (+ refund) or retry.

Each settlement is fenced by the attempt number the relay leased: if the row was leased again since (this relay
stalled past its lease and another replica took over), the stale verdict is dropped. A redemption leaves PENDING
exactly once, under its row lock; the refund and the FAILED status commit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from subgraphs.giftcard.domain.model import Redemption, RedemptionStatus
from subgraphs.giftcard.persistence.unit_of_work import GiftCardUnitOfWork
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime


@dataclass(frozen=True, slots=True)
class Delivery:
    """One leased outbox row: the redemption to credit and which attempt this is."""

    redemption: Redemption
    attempt: int


def lease_due(runtime: GiftCardRuntime, *, limit: int, lease: timedelta) -> list[Delivery]:
    """Take and lease up to `limit` due deliveries (rows other replicas hold are skipped)."""
    with runtime.unit_of_work() as uow:
        now = runtime.clock()
        leased = uow.redemptions.lease_due(now, limit=limit, lease_until=now + lease)
        uow.commit()
    return [Delivery(redemption=redemption, attempt=attempt) for redemption, attempt in leased]


def _still_ours(uow: GiftCardUnitOfWork, delivery: Delivery) -> bool:
    return uow.redemptions.lease_is_current(delivery.redemption.id, delivery.attempt)


def settle_delivered(runtime: GiftCardRuntime, delivery: Delivery) -> Redemption | None:
    """The wallet booked the credit: COMPLETED. None when the verdict is stale."""
    with runtime.unit_of_work() as uow:
        now = runtime.clock()
        if not _still_ours(uow, delivery):
            return None
        redemption = uow.redemptions.lock(delivery.redemption.id)
        assert redemption is not None
        if redemption.status is RedemptionStatus.PENDING:
            redemption = redemption.completed(now)
            uow.redemptions.save_outcome(redemption)
        uow.redemptions.mark_delivered(redemption.id, now)
        uow.commit()
        return redemption


def settle_refused(runtime: GiftCardRuntime, delivery: Delivery, reason: str, *, actor: str) -> Redemption | None:
    """The wallet refused for good: refund the card (REFUND activity) and mark the redemption FAILED."""
    with runtime.unit_of_work() as uow:
        now = runtime.clock()
        if not _still_ours(uow, delivery):
            return None
        redemption = uow.redemptions.lock(delivery.redemption.id)
        assert redemption is not None
        if redemption.status is RedemptionStatus.PENDING:
            card = uow.cards.lock(redemption.gift_card_id)
            assert card is not None
            refunded, activity = card.refund(
                redemption.amount, actor=actor, now=now, reference=redemption.id, reason=reason[:500]
            )
            uow.cards.save(card, refunded)
            uow.cards.append(activity)
            redemption = redemption.failed(reason[:500], now)
            uow.redemptions.save_outcome(redemption)
        uow.redemptions.mark_delivered(redemption.id, now)
        uow.commit()
        return redemption


def reschedule(runtime: GiftCardRuntime, delivery: Delivery, error: str, *, delay: timedelta) -> bool:
    """A transient failure: try again after `delay`. False when the verdict is stale."""
    with runtime.unit_of_work() as uow:
        if not _still_ours(uow, delivery):
            return False
        uow.redemptions.reschedule(delivery.redemption.id, at=runtime.clock() + delay, error=error)
        uow.commit()
        return True
