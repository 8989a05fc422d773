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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, select, text

from subgraphs.giftcard.persistence.tables import gift_cards, redemptions
from subgraphs.shared.database import normalise_database_url
from tests.giftcard.conftest import token
from tests.giftcard.stack import Stack, giftcard_process, running_stack, wait_for
from tests.giftcard.test_redemption_flow import REDEEM, reconcile

pytestmark = pytest.mark.postgres


@dataclass(frozen=True)
class Plan:
    key: str
    card_id: str
    wallet_id: str
    amount: int


FAST = {"GIFTCARD_REDEEM_WAIT_SECONDS": "0.3"}
interrupted: list[str] = []


def redeem_until_answered(url: str, plan: Plan, deadline: float) -> dict[str, Any]:
    """Send the redemption, retrying with the same key through crashes, until a GraphQL answer arrives."""
    variables = {
        "id": plan.card_id,
        "w": plan.wallet_id,
        "a": {"amount": plan.amount, "currency": "EUR"},
        "k": plan.key,
    }
    while time.monotonic() < deadline:
        try:
            response = httpx.post(
                f"{url}/graphql",
                json={"query": REDEEM, "variables": variables},
                headers={"authorization": f"Bearer {token('alice', 'staff')}"},
                timeout=10,
            )
            body = response.json()
            payload = (body.get("data") or {}).get("redeemGiftCard")
            if payload is not None and not any(e["code"] == "IDEMPOTENCY_KEY_IN_USE" for e in payload["userErrors"]):
                result: dict[str, Any] = payload
                return result
        except (httpx.HTTPError, ValueError):
            interrupted.append(plan.key)
        time.sleep(0.1)
    raise TimeoutError(f"no answer for {plan.key}")


def fire(url: str, plans: list[Plan], answers: dict[str, dict[str, Any]], deadline: float) -> None:
    """Send `plans` from a few client threads; collect the answers by key."""
    lock = threading.Lock()
    queue = list(plans)

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                plan = queue.pop()
            answer = redeem_until_answered(url, plan, deadline)
            with lock:
                answers[plan.key] = answer

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def send_once(url: str, plan: Plan) -> None:
    """One attempt that may be cut off by a kill (its answer does not matter)."""
    variables = {
        "id": plan.card_id,
        "w": plan.wallet_id,
        "a": {"amount": plan.amount, "currency": "EUR"},
        "k": plan.key,
    }
    try:
        httpx.post(
            f"{url}/graphql",
            json={"query": REDEEM, "variables": variables},
            headers={"authorization": f"Bearer {token('alice', 'staff')}"},
            timeout=60,
        )
    except httpx.HTTPError:
        interrupted.append(plan.key)


def count_redemptions(engine: Engine, card_id: str) -> int:
    with engine.connect() as c:
        return len(list(c.execute(select(redemptions.c.id).where(redemptions.c.gift_card_id == card_id))))


def blocked_on_a_lock(engine: Engine) -> bool:
    with engine.connect() as c:
        waiting = c.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        ).scalar_one()
    return int(waiting) > 0


def pending(stack: Stack) -> int:
    engine = create_engine(normalise_database_url(stack.giftcard_db))
    try:
        with engine.connect() as c:
            return len(list(c.execute(select(redemptions.c.id).where(redemptions.c.status == "PENDING"))))
    finally:
        engine.dispose()


def test_wallet_down_duplicates_and_kills_leave_the_books_exact(tmp_path: Path) -> None:
    rng = random.Random(7)
    with running_stack(tmp_path, duplicate=True, **FAST) as stack:
        alice, frozen, dollars = stack.open_wallet("alice"), stack.open_wallet("bob"), stack.open_wallet("carol", "USD")
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
        for _ in range(3):
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

        result = reconcile(stack.giftcard_db, stack.wallet_db, "--require-settled")
        assert result.returncode == 0, result.stdout + result.stderr

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


def test_kills_before_and_after_commit(tmp_path: Path) -> None:
    """Deterministic crash points. Before commit: the test holds the card's row lock, so the redemption's
    transaction is stuck inside; the process is killed; nothing may remain. After commit: the wallet is down, so
    the committed request waits for the credit; the process is killed; the retry must replay, not debit again."""
    with running_stack(tmp_path, GIFTCARD_REDEEM_WAIT_SECONDS="30") as stack:
        wallet = stack.open_wallet("alice")
        ((_, card_id),) = stack.issue(1000, 1, "crash")
        before, after = Plan("before", card_id, wallet, 100), Plan("after", card_id, wallet, 200)
        engine = create_engine(normalise_database_url(stack.giftcard_db))
        try:
            with engine.connect() as holder:
                transaction = holder.begin()
                holder.execute(select(gift_cards).where(gift_cards.c.id == card_id).with_for_update())
                request = threading.Thread(target=send_once, args=(stack.giftcard.url, before))
                request.start()
                assert wait_for(lambda: blocked_on_a_lock(engine), timeout=20)
                stack.giftcard.kill()
                transaction.rollback()
            request.join()
            assert wait_for(lambda: not blocked_on_a_lock(engine), timeout=10)
            assert count_redemptions(engine, card_id) == 0
            stack.giftcard.start()

            stack.wallet.kill()
            request = threading.Thread(target=send_once, args=(stack.giftcard.url, after))
            request.start()
            assert wait_for(lambda: count_redemptions(engine, card_id) == 1, timeout=20)
            stack.giftcard.kill()
            request.join()
            stack.wallet.start()
            stack.giftcard.start()

            deadline = time.monotonic() + 60
            answers = {plan.key: redeem_until_answered(stack.giftcard.url, plan, deadline) for plan in (before, after)}
            assert wait_for(lambda: pending(stack) == 0, timeout=30)
            assert count_redemptions(engine, card_id) == 2
            with engine.connect() as c:
                balance = c.execute(select(gift_cards.c.balance).where(gift_cards.c.id == card_id)).scalar_one()
        finally:
            engine.dispose()
        assert {a["redemption"]["amount"]["amount"] for a in answers.values()} == {100, 200}
        assert balance == 700 and stack.wallet_balance(wallet) == 300
        result = reconcile(stack.giftcard_db, stack.wallet_db, "--require-settled")
        assert result.returncode == 0, result.stdout + result.stderr
