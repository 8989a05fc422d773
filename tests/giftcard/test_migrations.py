"""The Alembic migrations create exactly the schema the SQLModel tables describe, and are reversible."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from subgraphs.giftcard.app import MIGRATIONS_DIR, VERSION_TABLE
from subgraphs.giftcard.persistence.tables import metadata
from subgraphs.shared.migrations import downgrade_database, upgrade_database


def test_migrations_match_the_tables_and_reverse(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        differences = compare_metadata(context, metadata)
    assert differences == []
    downgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
    assert set(inspect(engine).get_table_names()) <= {VERSION_TABLE}
    upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
    assert {t.name for t in metadata.sorted_tables} <= set(inspect(engine).get_table_names())
