"""The wallet and its ledger entries, and the rules for moving money. Pure.

Every balance change is a `WalletTransaction` carrying the signed amount, the balance after it, the actor, the
reason and the external reference; the balance only changes through `Wallet.post`, which refuses frozen or closed
wallets, foreign currencies, zero amounts, overdrafts and balances beyond what the API's `Int` can carry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from subgraphs.shared.errors import CurrencyMismatchError, InvalidAmountError
from subgraphs.shared.ids import new_id
from subgraphs.shared.money import MAX_API_AMOUNT, Money
from subgraphs.wallet.domain.errors import (
    InsufficientFundsError,
    WalletClosedError,
    WalletFrozenError,
)

#: The largest balance: what the API's `Int` carries.
MAX_BALANCE = MAX_API_AMOUNT
MAX_REFERENCE_LENGTH = 200


class WalletStatus(StrEnum):
    """Lifecycle of a wallet."""

    ACTIVE = "ACTIVE"
    FROZEN = "FROZEN"
    CLOSED = "CLOSED"


class TransactionKind(StrEnum):
    """Why a balance changed."""

    CREDIT = "CREDIT"
    DEBIT = "DEBIT"
    TRANSFER_IN = "TRANSFER_IN"
    TRANSFER_OUT = "TRANSFER_OUT"


@dataclass(frozen=True, slots=True)
class WalletTransaction:
    """One append-only ledger entry."""

    id: str
    wallet_id: str
    amount: Money
    balance_after: Money
    kind: TransactionKind
    reason: str | None
    reference: str | None
    actor: str
    created_at: datetime
    seq: int | None = None  # assigned by the database; the ledger order


@dataclass(frozen=True, slots=True)
class Wallet:
    """A wallet: one owner, one currency, a balance that equals the sum of its transactions."""

    id: str
    owner_id: str
    currency: str
    balance: Money
    status: WalletStatus
    created_at: datetime

    @classmethod
    def open(cls, *, owner_id: str, currency: str, now: datetime) -> Wallet:
        """A new, empty, active wallet."""
        return cls(
            id=new_id(),
            owner_id=owner_id,
            currency=currency,
            balance=Money.zero(currency),
            status=WalletStatus.ACTIVE,
            created_at=now,
        )

    def ensure_can_move_money(self) -> None:
        """Refuse frozen and closed wallets."""
        if self.status is WalletStatus.FROZEN:
            raise WalletFrozenError(f"wallet {self.id} is frozen")
        if self.status is WalletStatus.CLOSED:
            raise WalletClosedError(f"wallet {self.id} is closed")

    def post(
        self,
        delta: Money,
        *,
        kind: TransactionKind,
        actor: str,
        now: datetime,
        reason: str | None = None,
        reference: str | None = None,
        field: str = "amount",
    ) -> tuple[Wallet, WalletTransaction]:
        """Apply a signed change; return the new wallet and its ledger entry, or raise why not."""
        self.ensure_can_move_money()
        if delta.currency != self.currency:
            raise CurrencyMismatchError(
                f"wallet {self.id} holds {self.currency}, not {delta.currency}", field=f"{field}.currency"
            )
        if delta.amount == 0:
            raise InvalidAmountError("amount must be greater than zero", field=field)
        after = self.balance + delta
        if after.amount < 0:
            raise InsufficientFundsError(f"wallet {self.id} holds less than {-delta.amount}", field=field)
        if after.amount > MAX_BALANCE:
            raise InvalidAmountError(f"the balance would exceed {MAX_BALANCE}", field=field)
        entry = WalletTransaction(
            id=new_id(),
            wallet_id=self.id,
            amount=delta,
            balance_after=after,
            kind=kind,
            reason=reason,
            reference=reference,
            actor=actor,
            created_at=now,
        )
        return replace(self, balance=after), entry

    def with_status(self, status: WalletStatus) -> Wallet:
        """The wallet with another status (closed wallets stay closed)."""
        if self.status is WalletStatus.CLOSED:
            raise WalletClosedError(f"wallet {self.id} is closed")
        return replace(self, status=status)
