"""The registry's database: the shared engine factory and Alembic runner with the registry's own migrations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from registry.settings import RegistrySettings
from subgraphs.shared.migrations import migrate as migrate_database
from subgraphs.shared.migrations import upgrade_database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version_registry"


def migrate_engine(engine: Engine) -> None:
    """Bring the registry's tables to the latest migration."""
    upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)


def migrate(settings: RegistrySettings) -> None:
    """Migrate the database the settings describe."""
    migrate_database(settings, MIGRATIONS_DIR, VERSION_TABLE)
