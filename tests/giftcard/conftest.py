"""Giftcard test fixtures: a migrated database of each kind, the use-case runtime, tokens and an in-process client
(real processes are started by `stack.py`).

Database fixtures are parametrized over SQLite and PostgreSQL (the latter marked `postgres`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from subgraphs.giftcard.app import MIGRATIONS_DIR, VERSION_TABLE, create_app
from subgraphs.giftcard.settings import GiftCardSettings
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.caller import Caller
from subgraphs.shared.database import create_database_engine, session_factory
from subgraphs.shared.migrations import upgrade_database
from subgraphs.shared.settings import DEV_AUDIENCE, DEV_ISSUER
from subgraphs.shared.tokens import mint_hs256_token
from tests.shared.asgi import AsgiClient, GraphQL, asgi_client, graphql_poster
from tests.support.postgres import temporary_database

SECRET = "giftcard-test-secret-" + "x" * 32
PEPPER = b"giftcard-test-pepper-" + b"p" * 32
ALICE = Caller(sub="alice")
BOB = Caller(sub="bob")
STAFF = Caller(sub="sam", scopes=frozenset({"staff"}))
ISSUER = Caller(sub="issuer", scopes=frozenset({"giftcards:issue"}))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once SQLite and once PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'giftcard.db'}"
    else:
        with temporary_database("giftcard") as url:
            yield url


def migrated_engine(url: str, pool_size: int = 10) -> Engine:
    """An engine on a database migrated to head."""
    engine = create_database_engine(url, pool_size=pool_size, max_overflow=pool_size)
    upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
    return engine


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a migrated database."""
    engine = migrated_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def runtime_on(engine: Engine, **overrides: Any) -> GiftCardRuntime:
    """A use-case runtime with the test pepper."""
    return GiftCardRuntime(sessions=session_factory(engine), pepper=PEPPER, **overrides)


@pytest.fixture
def runtime(engine: Engine) -> GiftCardRuntime:
    """The use-case runtime on the migrated database."""
    return runtime_on(engine)


def token(sub: str, *scopes: str, service: bool = False) -> str:
    """A token the test settings accept."""
    return mint_hs256_token(
        secret=SECRET, sub=sub, scopes=scopes, issuer=DEV_ISSUER, audience=DEV_AUDIENCE, service=service
    )


def settings_for(database_url: str, tmp_path: Path, **overrides: Any) -> GiftCardSettings:
    """Giftcard settings for tests: explicit secret, pepper and database; no .dev/ of the repository touched."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "dev_dir": tmp_path,
        "jwt_secret": SECRET,
        "code_pepper": PEPPER.decode(),
        "relay_enabled": False,
        "redeem_wait_seconds": 0,
    }
    values.update(overrides)
    return GiftCardSettings(**values)


@pytest.fixture
def client(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[AsgiClient]:
    """The giftcard app in-process (relay off: no wallet here)."""
    app = create_app(settings_for(database_url, tmp_path), engine=engine)
    with asgi_client(app, "http://giftcard.test") as client:
        yield client


@pytest.fixture
def gql(client: AsgiClient) -> GraphQL:
    """POST a GraphQL operation as `as_` (a token string, or None for anonymous); returns the JSON body."""
    return graphql_poster(client)
