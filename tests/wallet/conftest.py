"""Wallet test fixtures: a migrated database of each kind, the use-case runtime, tokens and an in-process client.

Every database fixture is parametrized over SQLite and PostgreSQL (the latter marked `postgres`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from subgraphs.shared.caller import Caller
from subgraphs.shared.database import create_database_engine, session_factory
from subgraphs.shared.migrations import upgrade_database
from subgraphs.shared.settings import DEV_AUDIENCE, DEV_ISSUER
from subgraphs.shared.tokens import mint_hs256_token
from subgraphs.wallet.app import MIGRATIONS_DIR, VERSION_TABLE, create_app
from subgraphs.wallet.settings import WalletSettings
from subgraphs.wallet.use_cases.runtime import WalletRuntime
from tests.shared.asgi import AsgiClient, GraphQL, asgi_client, graphql_poster
from tests.support.postgres import temporary_database

SECRET = "wallet-test-secret-" + "x" * 32
ALICE = Caller(sub="alice")
BOB = Caller(sub="bob")
STAFF = Caller(sub="sam", scopes=frozenset({"staff"}))
RELAY = Caller(sub="service:giftcard", scopes=frozenset({"wallet:credit"}), is_service=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once SQLite and once PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'wallet.db'}"
    else:
        with temporary_database("wallet") as url:
            yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to head."""
    engine = create_database_engine(database_url, pool_size=30, max_overflow=30)
    upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def runtime(engine: Engine) -> WalletRuntime:
    """The use-case runtime on the migrated database."""
    return WalletRuntime(sessions=session_factory(engine))


def token(sub: str, *scopes: str, service: bool = False) -> str:
    """A token the test settings accept."""
    return mint_hs256_token(
        secret=SECRET, sub=sub, scopes=scopes, issuer=DEV_ISSUER, audience=DEV_AUDIENCE, service=service
    )


def settings_for(database_url: str, tmp_path: Path, **overrides: Any) -> WalletSettings:
    """Wallet settings for tests: explicit secret and database, no .dev/ of the repository touched."""
    return WalletSettings(
        database_url=database_url,
        dev_dir=tmp_path,
        jwt_secret=SECRET,
        **overrides,
    )


@pytest.fixture
def client(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[AsgiClient]:
    """The wallet app in-process (the engine is shared so tests can count queries)."""
    app = create_app(settings_for(database_url, tmp_path), engine=engine)
    with asgi_client(app, "http://wallet.test") as client:
        yield client


@pytest.fixture
def gql(client: AsgiClient) -> GraphQL:
    """POST a GraphQL operation as `as_` (a token string, or None for anonymous); returns the JSON body."""
    return graphql_poster(client)
