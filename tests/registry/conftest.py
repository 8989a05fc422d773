"""Registry fixtures: a migrated database of each kind (SQLite, PostgreSQL) and the use cases on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from registry.storage.database import migrate_engine
from registry.use_cases import RegistryService
from subgraphs.shared.database import create_database_engine, session_factory
from tests.support.postgres import temporary_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, once SQLite and once PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.db'}"
    else:
        with temporary_database("registry") as url:
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
