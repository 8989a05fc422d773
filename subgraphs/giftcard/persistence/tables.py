"""The giftcard subgraph's tables, declared with SQLModel in a registry of their own.

The database enforces what it can: balances never negative and within `Int`, non-negative balance-after, known
statuses and kinds, one stored hash per code, at most one REDEEM and one REFUND activity per redemption, one outbox
row per redemption, and the idempotency table's primary key. Created by the Alembic migrations, never `create_all`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, DateTime, Index, Integer, Table, text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.shared.idempotency import idempotency_table

# SQLite only auto-increments an INTEGER PRIMARY KEY (the rowid); PostgreSQL gets a BIGINT identity.
_SEQ_TYPE = BigInteger().with_variant(Integer, "sqlite")
_MONEY_KINDS = "kind IN ('REDEEM', 'REFUND')"


class GiftCardModel(SQLModel, registry=registry()):
    """Base of the giftcard subgraph's tables (own metadata)."""


class GiftCardRow(GiftCardModel, table=True):
    """A card; `balance` always equals the sum of its activities' amounts."""

    __tablename__ = "gift_cards"
    __table_args__ = (
        CheckConstraint("balance >= 0 AND balance <= 2147483647", name="ck_gift_cards_balance"),
        CheckConstraint("initial_value > 0 AND initial_value <= 2147483647", name="ck_gift_cards_initial_value"),
        CheckConstraint("status IN ('ACTIVE', 'BLOCKED', 'DEACTIVATED')", name="ck_gift_cards_status"),
        CheckConstraint("length(currency) = 3", name="ck_gift_cards_currency"),
        Index("ix_gift_cards_owner_created", "owner_id", "created_at", "id"),
    )

    id: str = Field(primary_key=True, max_length=36)
    code_hash: str = Field(max_length=64, unique=True)
    last4: str = Field(max_length=4)
    currency: str = Field(max_length=3)
    initial_value: int = Field(sa_column=Column(BigInteger, nullable=False))
    balance: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(max_length=16)
    expires_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    owner_id: str | None = Field(default=None, max_length=255)
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class GiftCardActivityRow(GiftCardModel, table=True):
    """An append-only ledger entry of a card; `seq` orders the ledger."""

    __tablename__ = "gift_card_activities"
    __table_args__ = (
        CheckConstraint("balance_after >= 0", name="ck_gift_card_activities_balance_after"),
        CheckConstraint(
            "kind IN ('ISSUE', 'CLAIM', 'REDEEM', 'ADJUST', 'REFUND', 'BLOCK', 'UNBLOCK', 'DEACTIVATE')",
            name="ck_gift_card_activities_kind",
        ),
        Index("ix_gift_card_activities_card_seq", "gift_card_id", "seq"),
        Index(
            "uq_gift_card_activities_money_reference",
            "kind",
            "reference",
            unique=True,
            sqlite_where=text(_MONEY_KINDS),
            postgresql_where=text(_MONEY_KINDS),
        ),
    )

    seq: int | None = Field(default=None, sa_column=Column(_SEQ_TYPE, primary_key=True, autoincrement=True))
    id: str = Field(max_length=36, unique=True)
    gift_card_id: str = Field(max_length=36, foreign_key="gift_cards.id")
    kind: str = Field(max_length=16)
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    balance_after: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    actor: str = Field(max_length=255)
    reason: str | None = Field(default=None, max_length=500)
    reference: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class RedemptionRow(GiftCardModel, table=True):
    """A redemption of a card into a wallet."""

    __tablename__ = "redemptions"
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_redemptions_amount"),
        CheckConstraint("status IN ('PENDING', 'COMPLETED', 'FAILED')", name="ck_redemptions_status"),
        Index("ix_redemptions_wallet_created", "wallet_id", "created_at", "id"),
    )

    id: str = Field(primary_key=True, max_length=36)
    gift_card_id: str = Field(max_length=36, foreign_key="gift_cards.id", index=True)
    wallet_id: str = Field(max_length=36)
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    status: str = Field(max_length=16)
    failure_reason: str | None = Field(default=None, max_length=500)
    redeemed_by: str = Field(max_length=255)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    completed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class OutboxRow(GiftCardModel, table=True):
    """A credit the relay still has to deliver (one per redemption); `delivered_at` set once settled."""

    __tablename__ = "redemption_outbox"
    __table_args__ = (Index("ix_redemption_outbox_due", "delivered_at", "next_attempt_at"),)

    redemption_id: str = Field(primary_key=True, max_length=36, foreign_key="redemptions.id")
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class CodeGuessWindowRow(GiftCardModel, table=True):
    """Failed code lookups of one caller in the current window (shared by every replica)."""

    __tablename__ = "code_guess_windows"

    scope: str = Field(primary_key=True, max_length=255)
    window_started_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    failures: int = Field(default=0)


def _table(model: type[GiftCardModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


gift_cards: Table = _table(GiftCardRow)
gift_card_activities: Table = _table(GiftCardActivityRow)
redemptions: Table = _table(RedemptionRow)
redemption_outbox: Table = _table(OutboxRow)
code_guess_windows: Table = _table(CodeGuessWindowRow)
idempotency_keys: Table = idempotency_table(GiftCardModel.metadata, "giftcard_idempotency_keys")
metadata = GiftCardModel.metadata
