"""The wallet subgraph's composition root: `create_app(settings)` wires engine, use cases, schema and HTTP.

Nothing happens at import time. The app does not migrate the database; `python -m subgraphs.wallet migrate` (run
by `make run`) and the tests do, through `migrate(settings)`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from subgraphs.shared.database import engine_for, ping, session_factory
from subgraphs.shared.housekeeping import periodically
from subgraphs.shared.migrations import migrate as migrate_database
from subgraphs.shared.service_app import create_subgraph_app
from subgraphs.shared.tokens import verifier_from_settings
from subgraphs.wallet.api.context import context_getter
from subgraphs.wallet.api.schema import build_schema
from subgraphs.wallet.settings import WalletSettings
from subgraphs.wallet.use_cases.runtime import WalletRuntime

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version_wallet"


def migrate(settings: WalletSettings) -> None:
    """Bring the wallet database to the latest migration."""
    migrate_database(settings, MIGRATIONS_DIR, VERSION_TABLE)


def create_app(settings: WalletSettings, *, engine: Engine | None = None) -> FastAPI:
    """The wallet subgraph's ASGI app; pass `engine` to share one (tests count its queries)."""
    engine = engine or engine_for(settings)
    runtime = WalletRuntime(
        sessions=session_factory(engine), idempotency_ttl=timedelta(hours=settings.idempotency_ttl_hours)
    )

    def purge_expired_keys() -> None:
        with runtime.unit_of_work() as uow:
            uow.idempotency.purge_expired(uow.session)
            uow.commit()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with periodically(purge_expired_keys, interval=3600, name="purge-idempotency-keys"):
            yield
        engine.dispose()

    app = create_subgraph_app(
        title="wallet subgraph",
        settings=settings,
        schema=build_schema(),
        context_getter=context_getter(runtime),
        verifier=verifier_from_settings(settings),
        ready_probe=lambda: ping(engine),
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.engine = engine
    return app
