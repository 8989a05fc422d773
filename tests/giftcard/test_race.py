"""Double spend is a defect: concurrent redemptions of one card on PostgreSQL, released together by a barrier.

50 full-balance redemptions with distinct keys give exactly one success, over 20 rounds; a card of 1,000 with 50
concurrent redemptions of 300 gives exactly three. After each round the card's balance equals its ledger, each
successful redemption has exactly one REDEEM activity and one outbox row, and nothing else was written.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func, select

from subgraphs.giftcard.persistence.tables import gift_card_activities, gift_cards, redemption_outbox, redemptions
from subgraphs.giftcard.use_cases import redeem_gift_card
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.errors import DomainError
from tests.giftcard.conftest import ALICE, migrated_engine, runtime_on
from tests.giftcard.helpers import issue_one
from tests.support.postgres import temporary_database

pytestmark = pytest.mark.postgres
CONCURRENCY = 50


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    with temporary_database("giftcard_race") as url:
        engine = migrated_engine(url, pool_size=CONCURRENCY)
        try:
            yield engine
        finally:
            engine.dispose()


def race(runtime: GiftCardRuntime, card_id: str, amount: int, pool: ThreadPoolExecutor, tag: str) -> Counter[str]:
    barrier = threading.Barrier(CONCURRENCY)
    wallet = str(uuid.uuid4())

    def attempt(n: int) -> str:
        barrier.wait()
        try:
            redeem_gift_card(
                runtime,
                ALICE,
                gift_card_id=card_id,
                wallet_id=wallet,
                amount=amount,
                currency="EUR",
                idempotency_key=f"{tag}-{n}",
            )
        except DomainError as error:
            return error.code
        return "OK"

    return Counter(pool.map(attempt, range(CONCURRENCY)))


def books(engine: Engine, card_id: str) -> tuple[int, int, int, int, int]:
    with engine.connect() as c:
        balance = c.execute(select(gift_cards.c.balance).where(gift_cards.c.id == card_id)).scalar_one()
        ledger = c.execute(
            select(func.sum(gift_card_activities.c.amount)).where(gift_card_activities.c.gift_card_id == card_id)
        ).scalar_one()
        redeems = c.execute(
            select(func.count()).where(
                gift_card_activities.c.gift_card_id == card_id, gift_card_activities.c.kind == "REDEEM"
            )
        ).scalar_one()
        ids = select(redemptions.c.id).where(redemptions.c.gift_card_id == card_id)
        count = c.execute(select(func.count()).select_from(ids.subquery())).scalar_one()
        outbox = c.execute(select(func.count()).where(redemption_outbox.c.redemption_id.in_(ids))).scalar_one()
    return int(balance), int(ledger), int(redeems), int(count), int(outbox)


def test_full_balance_redemptions_succeed_exactly_once_per_round(pg_engine: Engine) -> None:
    runtime = runtime_on(pg_engine)
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for round_no in range(20):
            card = issue_one(runtime, 1000, key=f"full-{round_no}", owner_id="alice").card
            outcome = race(runtime, card.id, 1000, pool, f"full-{round_no}")
            assert outcome == Counter({"OK": 1, "INSUFFICIENT_BALANCE": CONCURRENCY - 1}), (round_no, outcome)
            assert books(pg_engine, card.id) == (0, 0, 1, 1, 1)


def test_a_card_of_1000_gives_exactly_three_redemptions_of_300(pg_engine: Engine) -> None:
    runtime = runtime_on(pg_engine)
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for round_no in range(3):
            card = issue_one(runtime, 1000, key=f"part-{round_no}", owner_id="alice").card
            outcome = race(runtime, card.id, 300, pool, f"part-{round_no}")
            assert outcome == Counter({"OK": 3, "INSUFFICIENT_BALANCE": CONCURRENCY - 3}), (round_no, outcome)
            assert books(pg_engine, card.id) == (100, 100, 3, 3, 3)
