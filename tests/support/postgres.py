"""Throw-away PostgreSQL databases for tests, and SQLite-or-PostgreSQL ones for suites that run on both.

Each test that needs PostgreSQL gets a database of its own, created here and dropped afterwards, so no test relies on
what an earlier run left. Locally the tests skip when no server answers; with REQUIRE_POSTGRES=1 (set by .ci/run) they
fail instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
# `@pytest.fixture(params=DATABASE_KINDS)`: every database test once on SQLite and once on PostgreSQL (marked).
DATABASE_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _admin_connection() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)


def require_postgres() -> None:
    """Skip the calling test when PostgreSQL is unreachable, or fail when REQUIRE_POSTGRES=1."""
    try:
        with _admin_connection():
            pass
    except psycopg.OperationalError as exc:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required (REQUIRE_POSTGRES=1) but unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")


@contextmanager
def temporary_database(prefix: str = "t") -> Iterator[str]:
    """Create an empty database and yield its SQLAlchemy URL (psycopg 3 driver); drop it afterwards."""
    require_postgres()
    name = f"{prefix}_{secrets.token_hex(6)}"
    with _admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with _admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def empty_database(kind: str, directory: Path, prefix: str) -> Iterator[str]:
    """An empty database URL of `kind` ("sqlite": a file in `directory`; "postgres": a temporary database)."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / f'{prefix}.db'}"
    elif kind == "postgres":
        with temporary_database(prefix) as url:
            yield url
    else:
        raise ValueError(f"unknown database kind {kind!r}")
