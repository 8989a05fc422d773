"""Variants, subgraph versions, launches, recorded operations and checks.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _created_at() -> sa.Column[datetime]:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def _variant_id() -> sa.Column[int]:
    return sa.Column("variant_id", sa.Integer, sa.ForeignKey("registry_variants.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "registry_variants",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("graph", sa.String(64), nullable=False),
        sa.Column("variant", sa.String(64), nullable=False),
        _created_at(),
        sa.UniqueConstraint("graph", "variant", name="uq_registry_variants_graph_variant"),
    )
    op.create_table(
        "registry_subgraph_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _variant_id(),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("routing_url", sa.String(2048), nullable=False),
        sa.Column("sdl", sa.Text, nullable=False),
        sa.Column("sdl_hash", sa.String(64), nullable=False),
        sa.Column("author", sa.String(255), nullable=True),
        sa.Column("commit", sa.String(255), nullable=True),
        _created_at(),
        sa.UniqueConstraint("variant_id", "name", "revision", name="uq_registry_subgraph_versions_revision"),
        sa.CheckConstraint("revision >= 1", name="ck_registry_subgraph_versions_revision"),
    )
    op.create_table(
        "registry_launches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _variant_id(),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("sdl", sa.Text, nullable=False),
        sa.Column("sdl_hash", sa.String(64), nullable=False),
        sa.Column("subgraph", sa.String(64), nullable=True),
        _created_at(),
        sa.UniqueConstraint("variant_id", "revision", name="uq_registry_launches_revision"),
        sa.CheckConstraint("revision >= 1", name="ck_registry_launches_revision"),
    )
    op.create_table(
        "registry_operations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _variant_id(),
        sa.Column("client_name", sa.String(128), nullable=False),
        sa.Column("client_version", sa.String(128), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("document_hash", sa.String(64), nullable=False),
        _created_at(),
        sa.UniqueConstraint(
            "variant_id", "client_name", "client_version", "document_hash", name="uq_registry_operations_client_doc"
        ),
    )
    op.create_table(
        "registry_checks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _variant_id(),
        sa.Column("subgraph", sa.String(64), nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("author", sa.String(255), nullable=True),
        sa.Column("commit", sa.String(255), nullable=True),
        _created_at(),
    )
    op.create_index("ix_registry_checks_variant", "registry_checks", ["variant_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_registry_checks_variant", table_name="registry_checks")
    for table in (
        "registry_checks",
        "registry_operations",
        "registry_launches",
        "registry_subgraph_versions",
        "registry_variants",
    ):
        op.drop_table(table)
