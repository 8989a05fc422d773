"""Gift cards, their activity ledger, redemptions, the outbox, code-guess windows and idempotency keys.

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

_MONEY_KINDS = "kind IN ('REDEEM', 'REFUND')"
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "gift_cards",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("last4", sa.String(4), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("initial_value", sa.BigInteger, nullable=False),
        sa.Column("balance", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("expires_at", _TS, nullable=True),
        sa.Column("owner_id", sa.String(255), nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.CheckConstraint("balance >= 0 AND balance <= 2147483647", name="ck_gift_cards_balance"),
        sa.CheckConstraint("initial_value > 0 AND initial_value <= 2147483647", name="ck_gift_cards_initial_value"),
        sa.CheckConstraint("status IN ('ACTIVE', 'BLOCKED', 'DEACTIVATED')", name="ck_gift_cards_status"),
        sa.CheckConstraint("length(currency) = 3", name="ck_gift_cards_currency"),
    )
    op.create_index("ix_gift_cards_owner_created", "gift_cards", ["owner_id", "created_at", "id"])
    op.create_table(
        "gift_card_activities",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("gift_card_id", sa.String(36), sa.ForeignKey("gift_cards.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("balance_after", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.CheckConstraint("balance_after >= 0", name="ck_gift_card_activities_balance_after"),
        sa.CheckConstraint(
            "kind IN ('ISSUE', 'CLAIM', 'REDEEM', 'ADJUST', 'REFUND', 'BLOCK', 'UNBLOCK', 'DEACTIVATE')",
            name="ck_gift_card_activities_kind",
        ),
    )
    op.create_index("ix_gift_card_activities_card_seq", "gift_card_activities", ["gift_card_id", "seq"])
    op.create_index(
        "uq_gift_card_activities_money_reference",
        "gift_card_activities",
        ["kind", "reference"],
        unique=True,
        sqlite_where=sa.text(_MONEY_KINDS),
        postgresql_where=sa.text(_MONEY_KINDS),
    )
    op.create_table(
        "redemptions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("gift_card_id", sa.String(36), sa.ForeignKey("gift_cards.id"), nullable=False),
        sa.Column("wallet_id", sa.String(36), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("failure_reason", sa.String(500), nullable=True),
        sa.Column("redeemed_by", sa.String(255), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("completed_at", _TS, nullable=True),
        sa.CheckConstraint("amount > 0", name="ck_redemptions_amount"),
        sa.CheckConstraint("status IN ('PENDING', 'COMPLETED', 'FAILED')", name="ck_redemptions_status"),
    )
    op.create_index("ix_redemptions_gift_card_id", "redemptions", ["gift_card_id"])
    op.create_index("ix_redemptions_wallet_created", "redemptions", ["wallet_id", "created_at", "id"])
    op.create_table(
        "redemption_outbox",
        sa.Column("redemption_id", sa.String(36), sa.ForeignKey("redemptions.id"), primary_key=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", _TS, nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("delivered_at", _TS, nullable=True),
    )
    op.create_index("ix_redemption_outbox_due", "redemption_outbox", ["delivered_at", "next_attempt_at"])
    op.create_table(
        "code_guess_windows",
        sa.Column("scope", sa.String(255), primary_key=True),
        sa.Column("window_started_at", _TS, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
    )
    op.create_table(
        "giftcard_idempotency_keys",
        sa.Column("scope", sa.String(255), primary_key=True),
        sa.Column("operation", sa.String(100), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("response", sa.Text, nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
    )
    op.create_index("ix_giftcard_idempotency_keys_expires_at", "giftcard_idempotency_keys", ["expires_at"])


def downgrade() -> None:
    op.drop_table("giftcard_idempotency_keys")
    op.drop_table("code_guess_windows")
    op.drop_table("redemption_outbox")
    op.drop_table("redemptions")
    op.drop_table("gift_card_activities")
    op.drop_table("gift_cards")
