"""The wallet migrations build exactly the schema the tables declare, on both databases, and reverse cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from subgraphs.shared.database import create_database_engine
from subgraphs.shared.migrations import downgrade_database, upgrade_database
from subgraphs.wallet.app import MIGRATIONS_DIR, VERSION_TABLE
from subgraphs.wallet.persistence.tables import metadata


def test_migrations_match_the_tables_and_reverse(database_url: str) -> None:
    engine = create_database_engine(database_url)
    try:
        upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
        upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)  # idempotent: already at head
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            assert context.get_current_revision() == "0001"
            assert compare_metadata(context, metadata) == []
        names = set(inspect(engine).get_table_names())
        assert {"wallets", "wallet_transactions", "wallet_idempotency_keys", VERSION_TABLE} <= names
        assert "alembic_version" not in names  # each subgraph keeps its own version table
        downgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
        assert set(inspect(engine).get_table_names()) <= {VERSION_TABLE}
    finally:
        engine.dispose()
