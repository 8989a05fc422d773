"""Redemption across real processes on PostgreSQL, one stack for the module: the relay credits the wallet
(COMPLETED), a refusing wallet (frozen, another currency, another user's) gets the card refunded (FAILED), the
reconciliation command agrees; and the giftcard process killed at two deterministic points, before and after its
commit, loses and doubles nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from subgraphs.giftcard.persistence.tables import gift_cards
from subgraphs.giftcard.reconcile import load_and_compare
from subgraphs.shared.database import normalise_database_url
from tests.giftcard.clients import (
    REDEEM,
    RELAY,
    Plan,
    blocked_on_a_lock,
    count_redemptions,
    pending,
    reconcile,
    redeem_until_answered,
    send_once,
)
from tests.giftcard.conftest import token
from tests.giftcard.stack import STAFF_TOKEN, Stack, running_stack, wait_for

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Wallet and giftcard processes; `redeemGiftCard` waits up to 30 s for the credit."""
    with running_stack(tmp_path_factory.mktemp("flow"), GIFTCARD_REDEEM_WAIT_SECONDS="30") as running:
        yield running


def test_completed_failed_and_refunded_redemptions(stack: Stack) -> None:
    alice = token("alice")
    mine = stack.open_wallet("alice")
    frozen = stack.open_wallet("alice", key="to-freeze")
    dollars = stack.open_wallet("alice", "USD")
    bobs = stack.open_wallet("bob")
    froze = stack.gql(
        stack.wallet.url,
        'mutation($w: ID!) { freezeWallet(walletId: $w, idempotencyKey: "f") { wallet { status } } }',
        {"w": frozen},
        as_=STAFF_TOKEN,
    )
    assert froze["data"]["freezeWallet"]["wallet"] == {"status": "FROZEN"}
    ((code, card_id),) = stack.issue(1000, 1, "one")
    claimed = stack.gql(
        stack.giftcard.url,
        'mutation($c: String!) { claimGiftCard(code: $c, idempotencyKey: "c") { giftCard { id owner { id } } } }',
        {"c": code},
        as_=alice,
    )
    assert claimed["data"]["claimGiftCard"]["giftCard"] == {"id": card_id, "owner": {"id": "alice"}}

    def redeem(wallet: str, amount: int, key: str) -> Any:
        variables = {"id": card_id, "w": wallet, "a": {"amount": amount, "currency": "EUR"}, "k": key}
        return stack.gql(stack.giftcard.url, REDEEM, variables, as_=alice)["data"]["redeemGiftCard"]

    done = redeem(mine, 300, "k1")
    assert done["userErrors"] == []
    assert done["redemption"]["status"] == "COMPLETED"
    assert done["redemption"]["giftCard"] == {"last4": code[-4:]}
    assert done["giftCard"] == {"balance": {"amount": 700}, "status": "ACTIVE"}
    assert stack.wallet_balance(mine) == 300
    # Bob's wallet: the giftcard service cannot see wallet owners; the wallet checks the redeemer (beneficiaryId).
    for wallet, reason in ((frozen, "WALLET_FROZEN"), (dollars, "CURRENCY_MISMATCH"), (bobs, "WALLET_NOT_FOUND")):
        failed = redeem(wallet, 200, f"k-{reason}")
        assert failed["redemption"]["status"] == "FAILED", failed
        assert str(failed["redemption"]["failureReason"]).startswith(reason)
        assert failed["giftCard"] == {"balance": {"amount": 700}, "status": "ACTIVE"}
    again = redeem(mine, 300, "k1")  # a replay: same redemption, no second debit or credit
    assert again["redemption"]["id"] == done["redemption"]["id"]
    assert stack.wallet_balance(mine) == 300
    assert stack.wallet_balance(bobs) == 0
    activities = stack.gql(
        stack.giftcard.url,
        "query($id: ID!) { giftCard(id: $id) { balance { amount } activities { edges { node { kind amount "
        "{ amount } balanceAfter { amount } } } } } }",
        {"id": card_id},
        as_=alice,
    )["data"]["giftCard"]
    kinds = [(e["node"]["kind"], e["node"]["amount"]["amount"]) for e in activities["activities"]["edges"]]
    assert kinds == [
        ("REFUND", 200),
        ("REDEEM", -200),
        ("REFUND", 200),
        ("REDEEM", -200),
        ("REFUND", 200),
        ("REDEEM", -200),
        ("REDEEM", -300),
        ("CLAIM", 0),
        ("ISSUE", 1000),
    ]
    result = reconcile(stack.giftcard_db, stack.wallet_db, "--require-settled")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "books agree" in result.stdout


def test_kills_before_and_after_commit(stack: Stack) -> None:
    """Before commit: the test holds the card's row lock, so the redemption's transaction is stuck inside; the
    process is killed; nothing may remain. After commit: the wallet is down, so the committed request waits for
    the credit; the process is killed; the retry must replay, not debit again."""
    wallet = stack.open_wallet("alice", key="crash")  # the plans redeem as alice
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
    report = load_and_compare(stack.giftcard_db, stack.wallet_db, relay_actor=RELAY, require_settled=True)
    assert report.differences == []
