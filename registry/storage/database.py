"""The registry's database: the shared engine factory and Alembic runner with the registry's own migrations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from registry.settings import RegistrySettings
from subgraphs.shared.database import create_database_engine
from subgraphs.shared.migrations import upgrade_database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version_registry"


def engine_for(settings: RegistrySettings) -> Engine:
    """The engine the settings describe (nothing connects until first use)."""
    return create_database_engine(
        settings.resolved_database_url(), pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
    )


def migrate_engine(engine: Engine) -> None:
    """Bring the registry's tables to the latest migration."""
    upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)


def migrate(settings: RegistrySettings) -> None:
    """Migrate the database the settings describe."""
    engine = engine_for(settings)
    try:
        migrate_engine(engine)
    finally:
        engine.dispose()
