"""Clients and probes for the redemption tests with real processes: the redeem mutation, retrying clients,
one-shot requests a kill may cut off, database probes, and the reconciliation command as a subprocess."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, select, text

from subgraphs.giftcard.persistence.tables import redemptions
from subgraphs.shared.database import normalise_database_url
from tests.giftcard.conftest import token
from tests.giftcard.stack import Stack
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
#: The relay's `sub` (the default of `relay_subject`).
RELAY = "service:giftcard-relay"
#: Keys of requests a kill cut off (the tests check their kills really hit something).
interrupted: list[str] = []


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


@dataclass(frozen=True)
class Plan:
    """One redemption a client wants: its idempotency key, card, wallet and amount."""

    key: str
    card_id: str
    wallet_id: str
    amount: int


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
