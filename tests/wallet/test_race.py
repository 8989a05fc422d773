"""Races: many concurrent debits and transfers over many rounds; money is conserved and never negative.

Threads drive the use cases with real database connections (one pooled connection each), released together by a
barrier each round. After every round: each balance equals its ledger, each ledger's running sum equals every
`balance_after` (no lost update), nothing is negative, and the total equals the seed minus the successful debits.
"""

from __future__ import annotations

import random
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select

from subgraphs.shared.caller import Caller
from subgraphs.shared.database import create_database_engine, session_factory
from subgraphs.shared.errors import DomainError
from subgraphs.shared.migrations import upgrade_database
from subgraphs.wallet.app import MIGRATIONS_DIR, VERSION_TABLE
from subgraphs.wallet.persistence.tables import wallet_transactions, wallets
from subgraphs.wallet.use_cases import credit_wallet, debit_wallet, open_wallet, transfer_funds
from subgraphs.wallet.use_cases.runtime import WalletRuntime
from tests.support.postgres import temporary_database
from tests.wallet.conftest import STAFF

SEED = 500
USERS = [Caller("u0"), Caller("u1"), Caller("u2")]


@dataclass(frozen=True)
class Op:
    kind: str
    owner: Caller
    source: str
    target: str
    amount: int
    key: str


def check_books(engine: Engine, expected_total: int) -> None:
    with engine.connect() as connection:
        balances = {row.id: row.balance for row in connection.execute(select(wallets))}
        running: dict[str, int] = defaultdict(int)
        for entry in connection.execute(select(wallet_transactions).order_by(wallet_transactions.c.seq)):
            running[entry.wallet_id] += entry.amount
            assert entry.balance_after == running[entry.wallet_id] >= 0
    assert all(balance >= 0 for balance in balances.values())
    assert balances == dict(running)
    assert sum(balances.values()) == expected_total


def race(engine: Engine, *, rounds: int, per_round: int) -> dict[str, int]:
    runtime = WalletRuntime(sessions=session_factory(engine))
    owned: dict[str, Caller] = {}
    for user in USERS:
        for n in range(2):
            wallet = open_wallet(runtime, user, currency="EUR", idempotency_key=f"open-{n}")
            credit_wallet(
                runtime,
                STAFF,
                wallet_id=wallet.id,
                amount=SEED,
                currency="EUR",
                reason="seed",
                idempotency_key=wallet.id,
            )
            owned[wallet.id] = user
    ids = sorted(owned)
    total = SEED * len(ids)
    rng = random.Random(1234)
    outcome: dict[str, int] = defaultdict(int)
    with ThreadPoolExecutor(per_round) as pool:
        for round_no in range(rounds):
            ops = []
            for i in range(per_round):
                source = rng.choice(ids)
                target = rng.choice([w for w in ids if w != source])
                kind = "debit" if i % 3 == 0 else "transfer"
                ops.append(Op(kind, owned[source], source, target, rng.randint(1, 180), f"r{round_no}-{i}"))
            barrier = threading.Barrier(per_round)

            def run(op: Op, barrier: threading.Barrier = barrier) -> tuple[str, int]:
                barrier.wait()
                try:
                    if op.kind == "debit":
                        debit_wallet(
                            runtime,
                            op.owner,
                            wallet_id=op.source,
                            amount=op.amount,
                            currency="EUR",
                            reason="race",
                            idempotency_key=op.key,
                        )
                    else:
                        transfer_funds(
                            runtime,
                            op.owner,
                            from_wallet_id=op.source,
                            to_wallet_id=op.target,
                            amount=op.amount,
                            currency="EUR",
                            idempotency_key=op.key,
                        )
                except DomainError as error:
                    assert error.code == "INSUFFICIENT_FUNDS", error
                    return "refused", 0
                return op.kind, op.amount

            for kind, amount in pool.map(run, ops):
                outcome[kind] += 1
                if kind == "debit":
                    total -= amount
            check_books(engine, total)
    return dict(outcome)


@pytest.mark.postgres
def test_race_on_postgresql() -> None:
    with temporary_database("wallet_race") as url:
        engine = create_database_engine(url, pool_size=52, max_overflow=0)
        try:
            upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
            outcome = race(engine, rounds=20, per_round=51)
        finally:
            engine.dispose()
    # The race really raced: both kinds succeeded and funds ran out often enough to refuse some.
    assert outcome["debit"] > 0 and outcome["transfer"] > 0 and outcome["refused"] > 0, outcome


def test_race_on_sqlite(tmp_path: object) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path}/race.db")
    try:
        upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
        outcome = race(engine, rounds=5, per_round=30)
    finally:
        engine.dispose()
    assert outcome["refused"] > 0 and outcome["debit"] + outcome["transfer"] > 0, outcome
