"""Faults with real processes on PostgreSQL: the wallet down during redemptions, every delivery sent three times
(a duplicating proxy between relay and wallet), a second giftcard replica sharing the outbox, and the giftcard
process killed with SIGKILL at random points (during requests, before and after commits, during deliveries) and
restarted. Clients retry with the same idempotency key until they get an answer.

Afterwards every redemption is COMPLETED or FAILED, each one a client asked for exists exactly once, wallet
balances equal the completed redemptions, card balances equal their ledgers, and the reconciliation command agrees
(and disagrees once the books are tampered with).
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from subgraphs.giftcard.persistence.tables import gift_cards, redemptions
from subgraphs.giftcard.reconcile import load_and_compare
from subgraphs.shared.database import normalise_database_url
from tests.giftcard.clients import RELAY, Plan, fire, interrupted, pending, reconcile
from tests.giftcard.conftest import token
from tests.giftcard.stack import giftcard_process, running_stack, wait_for

pytestmark = pytest.mark.postgres


#: Clients here do not need to see the credit land: a short wait keeps the wallet-down phase quick.
FAST = {"GIFTCARD_REDEEM_WAIT_SECONDS": "0.3"}


def test_wallet_down_duplicates_and_kills_leave_the_books_exact(tmp_path: Path) -> None:
    rng = random.Random(7)
    with running_stack(tmp_path, duplicate=True, **FAST) as stack:
        # all alice's (the plans redeem as alice): the refusals are the frozen wallet and the other currency
        alice, frozen = stack.open_wallet("alice"), stack.open_wallet("alice", key="to-freeze")
        dollars = stack.open_wallet("alice", "USD")
        stack.gql(
            stack.wallet.url,
            'mutation($w: ID!) { freezeWallet(walletId: $w, idempotencyKey: "f") { wallet { status } } }',
            {"w": frozen},
            as_=token("sam", "staff"),
        )
        cards = [card_id for _, card_id in stack.issue(1000, 30, "faults")]
        targets = [alice] * 4 + [frozen, dollars]
        plans = [
            Plan(f"k{n}", cards[n % len(cards)], targets[n % len(targets)], rng.randrange(50, 400)) for n in range(48)
        ]
        answers: dict[str, dict[str, Any]] = {}
        deadline = time.monotonic() + 120

        # 1. The wallet is down: redemptions debit the cards and stay PENDING; the relay keeps retrying.
        stack.wallet.kill()
        fire(stack.giftcard.url, plans[:10], answers, deadline)
        assert {a["redemption"]["status"] for a in answers.values()} == {"PENDING"}

        # 2. The wallet is back; a second replica shares the outbox; the first one is killed again and again
        #    while clients keep redeeming through it.
        stack.wallet.start()
        assert stack.proxy is not None
        replica = giftcard_process(stack.tmp, stack.giftcard_db, stack.proxy.url, FAST)
        stack.extra.append(replica)
        replica.start()
        clients = threading.Thread(target=fire, args=(stack.giftcard.url, plans[10:], answers, deadline))
        clients.start()
        # The first kill lands right after the first answer of this phase, while the other clients are mid-request;
        # the later ones at random moments.
        assert wait_for(lambda: len(answers) > 10, timeout=30, interval=0.01)
        for n in range(3):
            if n:
                time.sleep(rng.uniform(0.05, 0.8))
            stack.giftcard.kill()
            time.sleep(rng.uniform(0.0, 0.3))
            stack.giftcard.start()
        clients.join()
        assert interrupted, "the kills never hit a request: the test would prove nothing"
        # a last kill while the relays may be mid-delivery
        stack.giftcard.kill()
        stack.giftcard.start()

        assert wait_for(lambda: pending(stack) == 0, timeout=60), f"{pending(stack)} redemptions still PENDING"

        engine = create_engine(normalise_database_url(stack.giftcard_db))
        try:
            with engine.connect() as c:
                rows = {row.id: row for row in c.execute(select(redemptions))}
                balances = {row.id: row.balance for row in c.execute(select(gift_cards))}
        finally:
            engine.dispose()
        assert len(answers) == len(plans)
        asked = {answer["redemption"]["id"] for answer in answers.values()}
        assert asked == set(rows)  # no lost and no extra redemption, whatever was killed when
        by_key = {plan.key: plan for plan in plans}
        completed_into_alice = 0
        for key, answer in answers.items():
            row = rows[answer["redemption"]["id"]]
            plan = by_key[key]
            assert (row.wallet_id, row.amount) == (plan.wallet_id, plan.amount)
            expected = "COMPLETED" if plan.wallet_id == alice else "FAILED"
            assert row.status == expected, (key, row.status, row.failure_reason)
            if expected == "COMPLETED":
                completed_into_alice += plan.amount
        assert stack.wallet_balance(alice) == completed_into_alice
        assert stack.wallet_balance(frozen) == 0 and stack.wallet_balance(dollars) == 0
        spent = {card: 0 for card in cards}
        for row in rows.values():
            if row.status == "COMPLETED":
                spent[row.gift_card_id] += row.amount
        assert balances == {card: 1000 - spent[card] for card in cards}

        report = load_and_compare(stack.giftcard_db, stack.wallet_db, relay_actor=RELAY, require_settled=True)
        assert report.differences == []

        # The reconciliation is not a rubber stamp: a credit changed behind its back is reported.
        wallet_engine = create_engine(normalise_database_url(stack.wallet_db))
        try:
            with wallet_engine.begin() as c:
                c.execute(
                    text("UPDATE wallet_transactions SET amount = amount + 1 WHERE reference = :r"),
                    {"r": next(r for r in rows.values() if r.status == "COMPLETED").id},
                )
        finally:
            wallet_engine.dispose()
        tampered = reconcile(stack.giftcard_db, stack.wallet_db)
        assert tampered.returncode == 1 and "DIFFERENCE" in tampered.stdout
        assert uuid.UUID(next(iter(asked)))
