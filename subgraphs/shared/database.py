"""Database engine and sessions: a SQLite file by default, PostgreSQL through psycopg 3 when configured.

`postgresql://` and `postgres://` URLs are normalised to the `postgresql+psycopg://` driver. SQLite connections run
every transaction as `BEGIN IMMEDIATE` (writers queue on the database lock instead of failing half-way with
"database is locked"), with foreign keys on, WAL journaling and a busy timeout; PostgreSQL gets a sized pool with
pre-ping. Nothing connects until first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, Executable, Select, create_engine, event, select, text, union_all
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


class DatabaseSettings(Protocol):
    """What a service's settings say about its database (subgraph and registry settings both have it)."""

    @property
    def db_pool_size(self) -> int: ...

    @property
    def db_max_overflow(self) -> int: ...

    def resolved_database_url(self) -> str: ...


def engine_for(settings: DatabaseSettings) -> Engine:
    """The engine a service's settings describe (nothing connects until first use)."""
    return create_database_engine(
        settings.resolved_database_url(), pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
    )


def normalise_database_url(url: str) -> str:
    """Map `postgres://`/`postgresql://` to the psycopg 3 driver; leave other URLs alone."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(engine: Engine) -> bool:
    """True when the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def create_database_engine(url: str, *, pool_size: int = 10, max_overflow: int = 20) -> Engine:
    """Create the engine for `url` (see module docstring for per-database behaviour)."""
    url = normalise_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True, pool_timeout=30)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so it can be IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects readable after commit (results outlive their transaction)."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


def ping(engine: Engine) -> None:
    """Raise unless the database answers `SELECT 1`; the readiness probe."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def union_of(queries: Sequence[Select[Any]]) -> Executable:
    """Many per-parent keyset queries (each with its own ORDER BY and LIMIT, so each walks its index and stops) as
    one statement: a UNION ALL of them as subqueries. The union's row order is unspecified: callers regroup."""
    if not queries:
        raise ValueError("union_of needs at least one query")
    branches = [select(query.subquery()) for query in queries]
    return branches[0] if len(branches) == 1 else union_all(*branches)
