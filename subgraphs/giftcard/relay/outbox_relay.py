"""The restart-safe outbox relay: a background task of the giftcard process.

Each pass leases due outbox rows (other replicas skip them), sends their credits concurrently outside any
transaction, and settles each answer in its own transaction: COMPLETED, FAILED + refund, or a retry with
exponential backoff. Nothing lives only in memory: after a crash the leases run out and the rows are sent again,
which the wallet books at most once (the redemption id is reference and idempotency key). `wake()` lets a fresh
redemption skip the poll interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from anyio import to_thread

from subgraphs.giftcard.domain.delivery import Outcome, backoff_seconds
from subgraphs.giftcard.domain.model import Redemption, RedemptionStatus
from subgraphs.giftcard.queries import redemptions_by_ids
from subgraphs.giftcard.relay.wallet_client import WalletCreditClient
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.giftcard.use_cases.settlement import (
    Delivery,
    lease_due,
    reschedule,
    settle_delivered,
    settle_refused,
)

log = logging.getLogger("subgraphs.giftcard.relay")

#: Longest pause after failed passes (the database is down): retried, but without flooding the log.
_MAX_PASS_BACKOFF_SECONDS = 30.0


class OutboxRelay:
    """Drains the redemption outbox into the wallet."""

    def __init__(
        self,
        runtime: GiftCardRuntime,
        client: WalletCreditClient,
        *,
        actor: str,
        poll_seconds: float = 0.5,
        batch_size: int = 20,
        lease: timedelta = timedelta(seconds=30),
        backoff_base: float = 0.5,
        backoff_max: float = 60.0,
    ) -> None:
        self._runtime = runtime
        self._client = client
        self._actor = actor
        self._poll = poll_seconds
        self._batch = batch_size
        self._lease = lease
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Start the next pass now (a redemption was just committed)."""
        self._wake.set()

    async def run_forever(self) -> None:
        """Pass after pass until cancelled; a failing pass (database down...) is logged and retried with backoff."""
        failures = 0
        while True:
            try:
                sent = await self.run_once()
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception:
                failures += 1
                wait = backoff_seconds(failures, base=self._poll, cap=max(self._poll, _MAX_PASS_BACKOFF_SECONDS))
                log.exception("relay pass failed (%d in a row); next pass in %.1fs", failures, wait)
                await asyncio.sleep(wait)
                continue
            if sent < self._batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self._poll)
                self._wake.clear()

    async def run_once(self) -> int:
        """One pass: lease, deliver, settle. Returns how many deliveries were attempted."""
        deliveries = await to_thread.run_sync(lambda: lease_due(self._runtime, limit=self._batch, lease=self._lease))
        if deliveries:
            await asyncio.gather(*(self._deliver(delivery) for delivery in deliveries))
        return len(deliveries)

    async def _deliver(self, delivery: Delivery) -> None:
        verdict = await self._client.credit(delivery.redemption)
        redemption_id = delivery.redemption.id
        if verdict.outcome is Outcome.DELIVERED:
            await to_thread.run_sync(settle_delivered, self._runtime, delivery)
            log.info("redemption %s completed (attempt %d)", redemption_id, delivery.attempt)
        elif verdict.outcome is Outcome.REFUSED:
            reason = verdict.reason or "refused by the wallet"
            await to_thread.run_sync(lambda: settle_refused(self._runtime, delivery, reason, actor=self._actor))
            log.info("redemption %s failed and refunded: %s", redemption_id, reason)
        else:
            delay = backoff_seconds(delivery.attempt, base=self._backoff_base, cap=self._backoff_max)
            error = verdict.reason or "transient failure"
            await to_thread.run_sync(lambda: reschedule(self._runtime, delivery, error, delay=timedelta(seconds=delay)))
            log.warning("redemption %s not delivered (%s); retry in %.1fs", redemption_id, error, delay)


async def wait_until_settled(runtime: GiftCardRuntime, redemption: Redemption, wait_seconds: float) -> Redemption:
    """Poll the redemption until it leaves PENDING or `wait_seconds` pass; the latest state either way."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_seconds
    current = redemption
    delay = 0.02
    while current.status is RedemptionStatus.PENDING and loop.time() < deadline:
        await asyncio.sleep(min(delay, max(0.0, deadline - loop.time())))
        delay = min(delay * 2, 0.2)
        found = await to_thread.run_sync(redemptions_by_ids, runtime, [redemption.id])
        current = found[0] or current
    return current
