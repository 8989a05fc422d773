"""Money rules through the use cases on SQLite and PostgreSQL: balances equal their ledgers, never go negative,
failures change nothing, ownership and scopes hold, references are credited at most once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError

from subgraphs.shared.errors import DomainError
from subgraphs.wallet.domain.model import WalletStatus
from subgraphs.wallet.persistence.tables import idempotency_keys, wallet_transactions, wallets
from subgraphs.wallet.use_cases import (
    credit_wallet,
    debit_wallet,
    freeze_wallet,
    open_wallet,
    transfer_funds,
    unfreeze_wallet,
)
from subgraphs.wallet.use_cases.runtime import WalletRuntime
from tests.wallet.conftest import ALICE, BOB, RELAY, STAFF

MISSING = "00000000-0000-4000-8000-000000000000"


def snapshot(engine: Engine) -> tuple[Any, ...]:
    """Every row that money rules protect, to prove a failure changed nothing."""
    with engine.connect() as connection:
        return (
            connection.execute(select(wallets).order_by(wallets.c.id)).all(),
            connection.execute(select(wallet_transactions).order_by(wallet_transactions.c.seq)).all(),
            connection.execute(select(func.count()).select_from(idempotency_keys)).scalar_one(),
        )


def assert_ledgers_match(engine: Engine) -> None:
    with engine.connect() as connection:
        for row in connection.execute(select(wallets)):
            total = connection.execute(
                select(func.coalesce(func.sum(wallet_transactions.c.amount), 0)).where(
                    wallet_transactions.c.wallet_id == row.id
                )
            ).scalar_one()
            assert row.balance == total >= 0


def funded(runtime: WalletRuntime, owner: Any, amount: int, currency: str = "EUR") -> str:
    wallet = open_wallet(runtime, owner, currency=currency, idempotency_key=f"open-{owner.sub}-{amount}-{currency}")
    if amount:
        credit_wallet(
            runtime,
            STAFF,
            wallet_id=wallet.id,
            amount=amount,
            currency=currency,
            reason="seed",
            idempotency_key=f"seed-{wallet.id}",
        )
    return wallet.id


def test_credit_debit_transfer_and_ledger(runtime: WalletRuntime, engine: Engine) -> None:
    a = funded(runtime, ALICE, 1000)
    b = funded(runtime, BOB, 0)
    debit = debit_wallet(runtime, ALICE, wallet_id=a, amount=300, currency="EUR", reason="coffee", idempotency_key="d1")
    assert debit.wallet.balance.amount == 700 and debit.transaction.amount.amount == -300
    moved = transfer_funds(
        runtime, ALICE, from_wallet_id=a, to_wallet_id=b, amount=200, currency="EUR", idempotency_key="t1"
    )
    assert moved.from_wallet.balance.amount == 500 and moved.to_wallet.balance.amount == 200
    assert moved.debit.reference == moved.credit.reference  # both sides carry the transfer id
    assert moved.debit.balance_after.amount == 500 and moved.credit.balance_after.amount == 200
    assert_ledgers_match(engine)


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("overdraft", "INSUFFICIENT_FUNDS"),
        ("wrong_currency", "CURRENCY_MISMATCH"),
        ("unknown_currency", "INVALID_CURRENCY"),
        ("zero", "INVALID_AMOUNT"),
        ("negative", "INVALID_AMOUNT"),
        ("unknown_wallet", "WALLET_NOT_FOUND"),
        ("malformed_id", "INVALID_ID"),
        ("not_owner", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
        ("empty_reason", "INVALID_INPUT"),
        ("transfer_overdraft", "INSUFFICIENT_FUNDS"),
        ("transfer_to_other_currency", "CURRENCY_MISMATCH"),
        ("transfer_to_missing", "WALLET_NOT_FOUND"),
        ("transfer_to_self", "INVALID_INPUT"),
        ("transfer_from_foreign", "FORBIDDEN"),
        ("credit_by_user", "FORBIDDEN"),
        ("freeze_by_user", "FORBIDDEN"),
    ],
)
def test_failures_are_coded_and_change_nothing(runtime: WalletRuntime, engine: Engine, case: str, code: str) -> None:
    a = funded(runtime, ALICE, 100)
    usd = funded(runtime, BOB, 0, "USD")
    b = funded(runtime, BOB, 50)
    before = snapshot(engine)
    debit: dict[str, Any] = {"wallet_id": a, "amount": 10, "currency": "EUR", "reason": "r", "idempotency_key": "k"}
    transfer: dict[str, Any] = {
        "from_wallet_id": a,
        "to_wallet_id": b,
        "amount": 10,
        "currency": "EUR",
        "idempotency_key": "k",
    }
    actions: dict[str, Callable[[], object]] = {
        "overdraft": lambda: debit_wallet(runtime, ALICE, **{**debit, "amount": 101}),
        "wrong_currency": lambda: debit_wallet(runtime, ALICE, **{**debit, "currency": "USD"}),
        "unknown_currency": lambda: debit_wallet(runtime, ALICE, **{**debit, "currency": "XYZ"}),
        "zero": lambda: debit_wallet(runtime, ALICE, **{**debit, "amount": 0}),
        "negative": lambda: credit_wallet(runtime, STAFF, **{**debit, "amount": -5}),
        "unknown_wallet": lambda: debit_wallet(runtime, ALICE, **{**debit, "wallet_id": MISSING}),
        "malformed_id": lambda: debit_wallet(runtime, ALICE, **{**debit, "wallet_id": "wallet-1"}),
        "not_owner": lambda: debit_wallet(runtime, BOB, **debit),
        "anonymous": lambda: debit_wallet(runtime, None, **debit),
        "empty_reason": lambda: debit_wallet(runtime, ALICE, **{**debit, "reason": "  "}),
        "transfer_overdraft": lambda: transfer_funds(runtime, ALICE, **{**transfer, "amount": 500}),
        "transfer_to_other_currency": lambda: transfer_funds(runtime, ALICE, **{**transfer, "to_wallet_id": usd}),
        "transfer_to_missing": lambda: transfer_funds(runtime, ALICE, **{**transfer, "to_wallet_id": MISSING}),
        "transfer_to_self": lambda: transfer_funds(runtime, ALICE, **{**transfer, "to_wallet_id": a}),
        "transfer_from_foreign": lambda: transfer_funds(runtime, BOB, **transfer),
        "credit_by_user": lambda: credit_wallet(runtime, ALICE, **debit),
        "freeze_by_user": lambda: freeze_wallet(runtime, ALICE, wallet_id=a, idempotency_key="k"),
    }
    with pytest.raises(DomainError) as info:
        actions[case]()
    assert info.value.code == code
    assert snapshot(engine) == before


def test_staff_moves_any_wallet_and_frozen_wallets_move_nothing(runtime: WalletRuntime, engine: Engine) -> None:
    a = funded(runtime, ALICE, 100)
    assert (
        debit_wallet(
            runtime, STAFF, wallet_id=a, amount=1, currency="EUR", reason="fee", idempotency_key="fee"
        ).wallet.balance.amount
        == 99
    )
    assert freeze_wallet(runtime, STAFF, wallet_id=a, idempotency_key="f").status is WalletStatus.FROZEN
    with pytest.raises(DomainError) as info:
        debit_wallet(runtime, ALICE, wallet_id=a, amount=1, currency="EUR", reason="x", idempotency_key="x")
    assert info.value.code == "WALLET_FROZEN"
    with pytest.raises(DomainError) as info:
        credit_wallet(runtime, RELAY, wallet_id=a, amount=1, currency="EUR", reason="x", idempotency_key="x")
    assert info.value.code == "WALLET_FROZEN"
    assert unfreeze_wallet(runtime, STAFF, wallet_id=a, idempotency_key="u").status is WalletStatus.ACTIVE
    assert (
        debit_wallet(
            runtime, ALICE, wallet_id=a, amount=9, currency="EUR", reason="x", idempotency_key="x"
        ).wallet.balance.amount
        == 90
    )
    assert_ledgers_match(engine)


def test_reference_is_credited_at_most_once(runtime: WalletRuntime, engine: Engine) -> None:
    a = funded(runtime, ALICE, 0)
    b = funded(runtime, BOB, 0)
    args: dict[str, Any] = {"wallet_id": a, "amount": 250, "currency": "EUR", "reason": "redemption"}
    first = credit_wallet(runtime, RELAY, **args, reference="redemption-1", idempotency_key="r1")
    # A retry under a new idempotency key (e.g. after a relay crash) books nothing new.
    again = credit_wallet(runtime, RELAY, **args, reference="redemption-1", idempotency_key="r1-retry")
    assert again.transaction == first.transaction and again.wallet.balance.amount == 250
    for other in ({**args, "amount": 1}, {**args, "wallet_id": b}):
        with pytest.raises(DomainError) as info:
            credit_wallet(runtime, RELAY, **other, reference="redemption-1", idempotency_key="r1-other")
        assert info.value.code == "REFERENCE_CONFLICT"
    assert_ledgers_match(engine)


def test_same_key_replays_the_first_result_and_other_input_is_refused(runtime: WalletRuntime) -> None:
    a = funded(runtime, ALICE, 100)
    args: dict[str, Any] = {"wallet_id": a, "amount": 10, "currency": "EUR", "reason": "r"}
    first = debit_wallet(runtime, ALICE, **args, idempotency_key="same")
    debit_wallet(runtime, ALICE, **args, idempotency_key="other")  # the balance moves on
    replay = debit_wallet(runtime, ALICE, **args, idempotency_key="same")
    assert replay == first and replay.wallet.balance.amount == 90  # the first result, not the current balance
    with pytest.raises(DomainError) as info:
        debit_wallet(runtime, ALICE, **{**args, "amount": 11}, idempotency_key="same")
    assert info.value.code == "IDEMPOTENCY_KEY_REUSED"
    # Keys are scoped per caller: Bob's "same" is a different key (and Bob may not debit Alice's wallet).
    with pytest.raises(DomainError) as forbidden:
        debit_wallet(runtime, BOB, **args, idempotency_key="same")
    assert forbidden.value.code == "FORBIDDEN"


def test_the_database_refuses_negative_balances_and_zero_entries(runtime: WalletRuntime, engine: Engine) -> None:
    a = funded(runtime, ALICE, 5)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE wallets SET balance = -1 WHERE id = :id"), {"id": a})
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE wallet_transactions SET amount = 0 WHERE wallet_id = :id"), {"id": a})
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE wallets SET status = 'LOST' WHERE id = :id"), {"id": a})
    assert_ledgers_match(engine)
