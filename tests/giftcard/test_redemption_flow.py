"""Redemption across real processes on PostgreSQL: the relay credits the wallet (COMPLETED), a refusing wallet gets
the card refunded (FAILED), and the reconciliation command agrees with both databases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.giftcard.conftest import token
from tests.giftcard.stack import STAFF_TOKEN, running_stack
from tests.support.processes import REPO_ROOT

REDEEM = """
mutation($code: String, $id: ID, $w: ID!, $a: MoneyInput!, $k: String!) {
  redeemGiftCard(code: $code, giftCardId: $id, walletId: $w, amount: $a, idempotencyKey: $k) {
    redemption { id status failureReason amount { amount currency } wallet { id } giftCard { last4 } }
    giftCard { balance { amount } status }
    userErrors { code field }
  }
}
"""

pytestmark = pytest.mark.postgres


def reconcile(giftcard_db: str, wallet_db: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the reconciliation command."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "subgraphs.giftcard.reconcile",
            "--giftcard-db",
            giftcard_db,
            "--wallet-db",
            wallet_db,
            *extra,
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_completed_failed_and_refunded_redemptions(tmp_path: Path) -> None:
    with running_stack(tmp_path) as stack:
        alice = token("alice")
        mine = stack.open_wallet("alice")
        frozen = stack.open_wallet("bob")
        dollars = stack.open_wallet("carol", "USD")
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

        def redeem(wallet: str, amount: int, key: str) -> dict[str, object]:
            body = stack.gql(
                stack.giftcard.url,
                REDEEM,
                {"id": card_id, "w": wallet, "a": {"amount": amount, "currency": "EUR"}, "k": key},
                as_=alice,
            )
            payload: dict[str, object] = body["data"]["redeemGiftCard"]
            return payload

        done = redeem(mine, 300, "k1")
        assert done["userErrors"] == []
        assert done["redemption"]["status"] == "COMPLETED"  # type: ignore[index]
        assert done["redemption"]["giftCard"] == {"last4": code[-4:]}  # type: ignore[index]
        assert done["giftCard"] == {"balance": {"amount": 700}, "status": "ACTIVE"}
        assert stack.wallet_balance(mine) == 300
        for wallet, reason in ((frozen, "WALLET_FROZEN"), (dollars, "CURRENCY_MISMATCH")):
            failed = redeem(wallet, 200, f"k-{reason}")
            assert failed["redemption"]["status"] == "FAILED", failed  # type: ignore[index]
            assert str(failed["redemption"]["failureReason"]).startswith(reason)  # type: ignore[index]
            assert failed["giftCard"] == {"balance": {"amount": 700}, "status": "ACTIVE"}
        again = redeem(mine, 300, "k1")  # a replay: same redemption, no second debit or credit
        assert again["redemption"]["id"] == done["redemption"]["id"]  # type: ignore[index]
        assert stack.wallet_balance(mine) == 300
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
            ("REDEEM", -300),
            ("CLAIM", 0),
            ("ISSUE", 1000),
        ]
        result = reconcile(stack.giftcard_db, stack.wallet_db, "--require-settled")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "books agree" in result.stdout
