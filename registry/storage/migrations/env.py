"""Alembic environment of the registry; run through `registry.storage.database.migrate`."""

from alembic import context

from subgraphs.shared.migrations import run_migrations_in_context

run_migrations_in_context(context)
