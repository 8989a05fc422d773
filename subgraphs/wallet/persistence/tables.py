"""The wallet subgraph's tables, declared with SQLModel in a registry of their own.

A separate registry keeps these tables out of `SQLModel.metadata`, so the giftcard subgraph's tables never mix with
them even in one test process. The database enforces what it can: balances and balance-after never negative,
non-zero ledger amounts, known statuses and kinds, a unique reference per credit (the redemption inbox), and the
idempotency table's primary key. The schema itself is created by the Alembic migrations, never by `create_all`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, DateTime, Index, Integer, Table, text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.shared.idempotency import idempotency_table

# SQLite only auto-increments an INTEGER PRIMARY KEY (the rowid); PostgreSQL gets a BIGINT identity.
_SEQ_TYPE = BigInteger().with_variant(Integer, "sqlite")


class WalletModel(SQLModel, registry=registry()):
    """Base of the wallet subgraph's tables (own metadata)."""


class WalletRow(WalletModel, table=True):
    """A wallet; `balance` always equals the sum of its transactions' amounts."""

    __tablename__ = "wallets"
    __table_args__ = (
        CheckConstraint("balance >= 0", name="ck_wallets_balance_non_negative"),
        CheckConstraint("status IN ('ACTIVE', 'FROZEN', 'CLOSED')", name="ck_wallets_status"),
        CheckConstraint("length(currency) = 3", name="ck_wallets_currency"),
    )

    id: str = Field(primary_key=True, max_length=36)
    owner_id: str = Field(max_length=255, index=True)
    currency: str = Field(max_length=3)
    balance: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class WalletTransactionRow(WalletModel, table=True):
    """An append-only ledger entry; `seq` orders the ledger."""

    __tablename__ = "wallet_transactions"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="ck_wallet_transactions_amount_non_zero"),
        CheckConstraint("balance_after >= 0", name="ck_wallet_transactions_balance_after_non_negative"),
        CheckConstraint(
            "kind IN ('CREDIT', 'DEBIT', 'TRANSFER_IN', 'TRANSFER_OUT')", name="ck_wallet_transactions_kind"
        ),
        Index("ix_wallet_transactions_wallet_seq", "wallet_id", "seq"),
        Index(
            "uq_wallet_transactions_credit_reference",
            "reference",
            unique=True,
            sqlite_where=text("kind = 'CREDIT' AND reference IS NOT NULL"),
            postgresql_where=text("kind = 'CREDIT' AND reference IS NOT NULL"),
        ),
    )

    seq: int | None = Field(default=None, sa_column=Column(_SEQ_TYPE, primary_key=True, autoincrement=True))
    id: str = Field(max_length=36, unique=True)
    wallet_id: str = Field(max_length=36, foreign_key="wallets.id")
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    balance_after: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    kind: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=500)
    reference: str | None = Field(default=None, max_length=200)
    actor: str = Field(max_length=255)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


def _table(model: type[WalletModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


wallets: Table = _table(WalletRow)
wallet_transactions: Table = _table(WalletTransactionRow)
idempotency_keys: Table = idempotency_table(WalletModel.metadata, "wallet_idempotency_keys")
metadata = WalletModel.metadata
