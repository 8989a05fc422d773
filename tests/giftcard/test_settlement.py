"""The relay's transactions on SQLite and PostgreSQL: leasing, settling once, refunding once, dropping stale
verdicts, backoff; and one relay pass end to end against a scripted wallet client."""

from __future__ import annotations

import asyncio
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import Engine, select

from subgraphs.giftcard.domain.delivery import Outcome, Verdict
from subgraphs.giftcard.domain.model import Redemption, RedemptionStatus
from subgraphs.giftcard.persistence.tables import gift_card_activities, redemption_outbox
from subgraphs.giftcard.relay.outbox_relay import OutboxRelay
from subgraphs.giftcard.relay.service_token import SelfSignedTokenSource
from subgraphs.giftcard.relay.wallet_client import WalletCreditClient
from subgraphs.giftcard.use_cases import redeem_gift_card
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.giftcard.use_cases.settlement import lease_due, reschedule, settle_delivered, settle_refused
from tests.giftcard.conftest import ALICE, runtime_on
from tests.giftcard.helpers import issue_one, snapshot

LEASE = timedelta(seconds=30)


def _redeem(runtime: GiftCardRuntime, amount: int = 300, key: str = "r") -> tuple[str, str]:
    card = issue_one(runtime, 1000, key=f"card-{key}", owner_id="alice").card
    result = redeem_gift_card(
        runtime,
        ALICE,
        gift_card_id=card.id,
        wallet_id=str(uuid.uuid4()),
        amount=amount,
        currency="EUR",
        idempotency_key=key,
    )
    return card.id, result.redemption.id


def _balance(runtime: GiftCardRuntime, card_id: str) -> int:
    with runtime.unit_of_work() as uow:
        return uow.cards.get_many([card_id])[card_id].balance.amount


def test_lease_settle_complete_once(runtime: GiftCardRuntime, engine: Engine) -> None:
    card_id, redemption_id = _redeem(runtime)
    (delivery,) = lease_due(runtime, limit=10, lease=LEASE)
    assert delivery.redemption.id == redemption_id and delivery.attempt == 1
    assert lease_due(runtime, limit=10, lease=LEASE) == []  # leased: nobody else takes it
    done = settle_delivered(runtime, delivery)
    assert done is not None and done.status is RedemptionStatus.COMPLETED and done.completed_at is not None
    before = snapshot(engine)
    assert settle_delivered(runtime, delivery) is None  # delivered rows are never settled twice
    assert settle_refused(runtime, delivery, "late", actor="relay") is None
    assert snapshot(engine) == before
    assert _balance(runtime, card_id) == 700


def test_refusal_refunds_exactly_once(runtime: GiftCardRuntime, engine: Engine) -> None:
    card_id, _ = _redeem(runtime)
    (delivery,) = lease_due(runtime, limit=10, lease=LEASE)
    failed = settle_refused(runtime, delivery, "WALLET_FROZEN: frozen", actor="service:giftcard-relay")
    assert failed is not None and failed.status is RedemptionStatus.FAILED
    assert failed.failure_reason == "WALLET_FROZEN: frozen"
    assert settle_refused(runtime, delivery, "again", actor="relay") is None
    assert _balance(runtime, card_id) == 1000
    with engine.connect() as c:
        refunds = list(c.execute(select(gift_card_activities).where(gift_card_activities.c.kind == "REFUND")))
    assert [(r.amount, r.balance_after, r.actor) for r in refunds] == [(300, 1000, "service:giftcard-relay")]


def test_a_stale_verdict_after_the_lease_ran_out_is_dropped(engine: Engine) -> None:
    now = [datetime.now(UTC)]
    runtime = runtime_on(engine, clock=lambda: now[0])
    card_id, _ = _redeem(runtime)
    (first,) = lease_due(runtime, limit=10, lease=LEASE)
    now[0] += LEASE + timedelta(seconds=1)  # the first relay stalled; another takes over
    (second,) = lease_due(runtime, limit=10, lease=LEASE)
    assert second.attempt == 2
    before = snapshot(engine)
    assert settle_refused(runtime, first, "stale refusal", actor="relay") is None
    assert not reschedule(runtime, first, "stale", delay=timedelta(seconds=1))
    assert snapshot(engine) == before
    assert settle_delivered(runtime, second) is not None
    assert _balance(runtime, card_id) == 700


def test_transient_failures_back_off(engine: Engine) -> None:
    now = [datetime.now(UTC)]
    runtime = runtime_on(engine, clock=lambda: now[0])
    _redeem(runtime)
    (delivery,) = lease_due(runtime, limit=10, lease=LEASE)
    assert reschedule(runtime, delivery, "HTTP 502", delay=timedelta(seconds=5))
    now[0] += timedelta(seconds=4)
    assert lease_due(runtime, limit=10, lease=LEASE) == []
    now[0] += timedelta(seconds=2)
    (again,) = lease_due(runtime, limit=10, lease=LEASE)
    assert again.attempt == 2
    with engine.connect() as c:
        assert c.execute(select(redemption_outbox.c.last_error)).scalar_one() == "HTTP 502"


class ScriptedWallet(WalletCreditClient):
    """Answers from a script instead of HTTP; records what was sent."""

    def __init__(self, verdicts: dict[int, Verdict]) -> None:
        super().__init__(
            url="http://unused",
            tokens=SelfSignedTokenSource(secret="s" * 32, subject="x", issuer="i", audience="a"),
            http=httpx.AsyncClient(),
        )
        self.verdicts = verdicts
        self.sent: list[str] = []

    async def credit(self, redemption: Redemption) -> Verdict:
        self.sent.append(redemption.id)
        return self.verdicts[redemption.amount.amount]


def test_one_relay_pass_settles_each_outcome(runtime: GiftCardRuntime) -> None:
    ok_card, ok = _redeem(runtime, 100, "ok")
    no_card, no = _redeem(runtime, 200, "no")
    _, later = _redeem(runtime, 300, "later")
    wallet = ScriptedWallet(
        {
            100: Verdict(Outcome.DELIVERED),
            200: Verdict(Outcome.REFUSED, "WALLET_CLOSED"),
            300: Verdict(Outcome.RETRY, "HTTP 503"),
        }
    )
    relay = OutboxRelay(runtime, wallet, actor="relay", backoff_base=60)
    assert asyncio.run(relay.run_once()) == 3
    assert sorted(wallet.sent) == sorted([ok, no, later])
    with runtime.unit_of_work() as uow:
        found = uow.redemptions.get_many([ok, no, later])
        pending = uow.redemptions.pending_count()
    assert [found[r].status for r in (ok, no, later)] == [
        RedemptionStatus.COMPLETED,
        RedemptionStatus.FAILED,
        RedemptionStatus.PENDING,
    ]
    assert pending == 1
    assert _balance(runtime, ok_card) == 900 and _balance(runtime, no_card) == 1000
    assert asyncio.run(relay.run_once()) == 0  # the retry waits for its backoff


def test_replicas_leasing_at_once_never_share_a_row(runtime: GiftCardRuntime) -> None:
    for n in range(40):
        _redeem(runtime, 10, f"many-{n}")
    barrier = threading.Barrier(4)

    def replica(_: int) -> list[str]:
        barrier.wait()
        return [d.redemption.id for d in lease_due(runtime, limit=10, lease=LEASE)]

    with ThreadPoolExecutor(4) as pool:
        taken = list(pool.map(replica, range(4)))
    flat = [redemption_id for batch in taken for redemption_id in batch]
    assert len(flat) == len(set(flat)) == 40


class FlakyRelay(OutboxRelay):
    """Its first passes fail as if the database were down."""

    failures_left = 2

    async def run_once(self) -> int:
        if self.failures_left:
            self.failures_left -= 1
            raise OSError("database unreachable")
        return await super().run_once()


def test_the_relay_survives_failing_passes_and_backs_off(runtime: GiftCardRuntime) -> None:
    card_id, redemption_id = _redeem(runtime, 100, "flaky")
    relay = FlakyRelay(runtime, ScriptedWallet({100: Verdict(Outcome.DELIVERED)}), actor="relay", poll_seconds=0.05)

    async def scenario() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        task = asyncio.create_task(relay.run_forever())
        try:
            while loop.time() - started < 10:
                with runtime.unit_of_work() as uow:
                    if uow.redemptions.get_many([redemption_id])[redemption_id].status is RedemptionStatus.COMPLETED:
                        return loop.time() - started
                await asyncio.sleep(0.02)
            raise AssertionError("the relay never recovered")
        finally:
            task.cancel()

    took = asyncio.run(scenario())
    assert relay.failures_left == 0
    assert took >= 0.05 + 0.1  # it waited 1x then 2x the poll interval before trying again
    assert _balance(runtime, card_id) == 900
