"""Alembic environment of the giftcard subgraph; run through `subgraphs.shared.migrations.upgrade_database`."""

from alembic import context

from subgraphs.shared.migrations import run_migrations_in_context

run_migrations_in_context(context)
