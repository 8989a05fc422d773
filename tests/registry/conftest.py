"""Registry fixtures: a migrated database of each kind (SQLite, PostgreSQL) and the use cases on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from registry.storage.database import migrate_engine
from registry.use_cases import RegistryService
from subgraphs.shared.database import create_database_engine, session_factory
from tests.support.postgres import DATABASE_KINDS, empty_database


@pytest.fixture(params=DATABASE_KINDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, once SQLite and once PostgreSQL."""
    with empty_database(request.param, tmp_path, "registry") as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to head."""
    engine = create_database_engine(database_url, pool_size=10, max_overflow=10)
    migrate_engine(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def service(engine: Engine) -> RegistryService:
    return RegistryService(session_factory(engine))
