"""Alembic, run from code: each subgraph has its own migrations directory and its own version table.

A subgraph's `migrations/env.py` is two lines: it calls `run_migrations_in_context(context)`. `upgrade_database()`
hands Alembic an open connection and the version table through `Config.attributes`, so no `alembic.ini` and no URL
escaping are involved. `make run` (devstack) and the tests call it; production paths never use `create_all`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from subgraphs.shared.database import DatabaseSettings, engine_for


def alembic_config(migrations_dir: Path, version_table: str) -> Config:
    """An in-memory Alembic config for one subgraph's migrations."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["version_table"] = version_table
    return config


def upgrade_database(engine: Engine, migrations_dir: Path, version_table: str, revision: str = "head") -> None:
    """Apply the subgraph's migrations up to `revision` in one transaction."""
    config = alembic_config(migrations_dir, version_table)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def migrate(settings: DatabaseSettings, migrations_dir: Path, version_table: str) -> None:
    """Bring the database a service's settings describe to the latest migration (`serve --migrate`, `migrate`)."""
    engine = engine_for(settings)
    try:
        upgrade_database(engine, migrations_dir, version_table)
    finally:
        engine.dispose()


def downgrade_database(engine: Engine, migrations_dir: Path, version_table: str, revision: str = "base") -> None:
    """Revert the subgraph's migrations down to `revision` (tests check migrations are reversible)."""
    config = alembic_config(migrations_dir, version_table)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def run_migrations_in_context(context: Any) -> None:
    """Body of every subgraph's `env.py`: run online against the connection `upgrade_database` passed in."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through subgraphs.shared.migrations.upgrade_database()")
    context.configure(
        connection=connection,
        version_table=context.config.attributes["version_table"],
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()
