"""Pure wallet rules: posting, limits, statuses, ids and the access policy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from subgraphs.shared.caller import Caller
from subgraphs.shared.errors import CurrencyMismatchError, ForbiddenError, InvalidAmountError
from subgraphs.shared.ids import InvalidIdError, parse_id
from subgraphs.shared.money import Money
from subgraphs.wallet.domain.access import (
    can_view,
    require_beneficiary,
    require_crediter,
    require_mover,
    require_staff,
)
from subgraphs.wallet.domain.errors import (
    InsufficientFundsError,
    WalletClosedError,
    WalletFrozenError,
    WalletNotFoundError,
)
from subgraphs.wallet.domain.model import (
    MAX_BALANCE,
    TransactionKind,
    Wallet,
    WalletStatus,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def wallet(balance: int = 0, status: WalletStatus = WalletStatus.ACTIVE) -> Wallet:
    opened = Wallet.open(owner_id="alice", currency="EUR", now=NOW)
    return Wallet(opened.id, "alice", "EUR", Money(balance, "EUR"), status, NOW)


def test_post_moves_the_balance_and_records_the_entry() -> None:
    after, entry = wallet(100).post(Money(-30, "EUR"), kind=TransactionKind.DEBIT, actor="alice", now=NOW)
    assert after.balance == Money(70, "EUR")
    assert entry.amount == Money(-30, "EUR") and entry.balance_after == Money(70, "EUR")
    assert entry.wallet_id == after.id and entry.actor == "alice" and entry.kind is TransactionKind.DEBIT


def test_overdraft_foreign_currency_zero_and_overflow_are_refused() -> None:
    w = wallet(100)
    with pytest.raises(InsufficientFundsError):
        w.post(Money(-101, "EUR"), kind=TransactionKind.DEBIT, actor="a", now=NOW)
    with pytest.raises(CurrencyMismatchError) as mismatch:
        w.post(Money(1, "USD"), kind=TransactionKind.CREDIT, actor="a", now=NOW)
    assert mismatch.value.field == "amount.currency"
    with pytest.raises(InvalidAmountError):
        w.post(Money(0, "EUR"), kind=TransactionKind.CREDIT, actor="a", now=NOW)
    with pytest.raises(InvalidAmountError):
        w.post(Money(MAX_BALANCE, "EUR"), kind=TransactionKind.CREDIT, actor="a", now=NOW)


@pytest.mark.parametrize(
    ("status", "error"), [(WalletStatus.FROZEN, WalletFrozenError), (WalletStatus.CLOSED, WalletClosedError)]
)
def test_frozen_and_closed_wallets_move_nothing(status: WalletStatus, error: type[Exception]) -> None:
    with pytest.raises(error):
        wallet(100, status).post(Money(5, "EUR"), kind=TransactionKind.CREDIT, actor="a", now=NOW)
    with pytest.raises(WalletClosedError):
        wallet(0, WalletStatus.CLOSED).with_status(WalletStatus.ACTIVE)


@pytest.mark.parametrize("raw", ["", "abc", "1" * 36, "{00000000-0000-0000-0000-000000000000}", "1;drop"])
def test_malformed_ids_are_refused(raw: str) -> None:
    with pytest.raises(InvalidIdError):
        parse_id(raw, field="walletId")


def test_access_policy() -> None:
    w = wallet()
    alice, bob = Caller("alice"), Caller("bob")
    staff = Caller("sam", frozenset({"staff"}))
    relay = Caller("svc", frozenset({"wallet:credit"}), is_service=True)
    assert can_view(alice, w) and can_view(staff, w) and not can_view(bob, w)
    require_mover(alice, w, field="walletId")
    with pytest.raises(ForbiddenError):
        require_mover(bob, w, field="walletId")
    require_crediter(staff)
    require_crediter(relay)
    with pytest.raises(ForbiddenError):
        require_crediter(alice)
    require_staff(staff)
    with pytest.raises(ForbiddenError):
        require_staff(relay)


def test_a_credit_on_behalf_of_a_user_needs_their_wallet() -> None:
    mine = wallet()  # owned by alice
    require_beneficiary(mine, None, field="walletId")  # no beneficiary: no restriction
    require_beneficiary(mine, mine.owner_id, field="walletId")
    with pytest.raises(WalletNotFoundError) as info:
        require_beneficiary(mine, "mallory", field="walletId")
    assert (info.value.code, info.value.field) == ("WALLET_NOT_FOUND", "walletId")
    assert info.value.message == f"no wallet {mine.id}"  # the very answer a missing wallet gets
