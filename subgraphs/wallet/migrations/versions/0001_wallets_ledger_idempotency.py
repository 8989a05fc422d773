"""Wallets, the append-only ledger and the idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_CREDIT_REFERENCE = "kind = 'CREDIT' AND reference IS NOT NULL"


def upgrade() -> None:
    op.create_table(
        "wallets",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner_id", sa.String(255), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("balance", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("balance >= 0", name="ck_wallets_balance_non_negative"),
        sa.CheckConstraint("status IN ('ACTIVE', 'FROZEN', 'CLOSED')", name="ck_wallets_status"),
        sa.CheckConstraint("length(currency) = 3", name="ck_wallets_currency"),
    )
    op.create_index("ix_wallets_owner_id", "wallets", ["owner_id"])
    op.create_table(
        "wallet_transactions",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("wallet_id", sa.String(36), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("balance_after", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount <> 0", name="ck_wallet_transactions_amount_non_zero"),
        sa.CheckConstraint("balance_after >= 0", name="ck_wallet_transactions_balance_after_non_negative"),
        sa.CheckConstraint(
            "kind IN ('CREDIT', 'DEBIT', 'TRANSFER_IN', 'TRANSFER_OUT')", name="ck_wallet_transactions_kind"
        ),
    )
    op.create_index("ix_wallet_transactions_wallet_seq", "wallet_transactions", ["wallet_id", "seq"])
    op.create_index(
        "uq_wallet_transactions_credit_reference",
        "wallet_transactions",
        ["reference"],
        unique=True,
        sqlite_where=sa.text(_CREDIT_REFERENCE),
        postgresql_where=sa.text(_CREDIT_REFERENCE),
    )
    op.create_table(
        "wallet_idempotency_keys",
        sa.Column("scope", sa.String(255), primary_key=True),
        sa.Column("operation", sa.String(100), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("response", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_wallet_idempotency_keys_expires_at", "wallet_idempotency_keys", ["expires_at"])


def downgrade() -> None:
    op.drop_table("wallet_idempotency_keys")
    op.drop_table("wallet_transactions")
    op.drop_table("wallets")
