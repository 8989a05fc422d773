"""The giftcard subgraph's composition root: `create_app(settings)` wires engine, use cases, relay, schema and HTTP.

Nothing happens at import time. The app does not migrate the database; `python -m subgraphs.giftcard migrate` (run
by `make run`) and the tests do, through `migrate(settings)`. The outbox relay runs as a background task for the
app's lifetime (`relay_enabled`), talking to `router_url` with its service token; hourly housekeeping deletes
expired idempotency keys and passed guess windows.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import Engine

from subgraphs.giftcard.api.context import context_getter
from subgraphs.giftcard.api.schema import build_schema
from subgraphs.giftcard.relay.outbox_relay import OutboxRelay
from subgraphs.giftcard.relay.service_token import (
    ClientCredentialsTokenSource,
    SelfSignedTokenSource,
    ServiceTokenSource,
)
from subgraphs.giftcard.relay.wallet_client import WalletCreditClient
from subgraphs.giftcard.settings import GiftCardSettings
from subgraphs.giftcard.use_cases.housekeeping import purge_expired
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.database import engine_for, ping, session_factory
from subgraphs.shared.devsecret import ensure_dev_secret
from subgraphs.shared.housekeeping import periodically
from subgraphs.shared.migrations import migrate as migrate_database
from subgraphs.shared.service_app import create_subgraph_app
from subgraphs.shared.tokens import verifier_from_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version_giftcard"


def migrate(settings: GiftCardSettings) -> None:
    """Bring the giftcard database to the latest migration."""
    migrate_database(settings, MIGRATIONS_DIR, VERSION_TABLE)


def runtime_for(settings: GiftCardSettings, engine: Engine) -> GiftCardRuntime:
    """The use-case runtime the settings describe."""
    return GiftCardRuntime(
        sessions=session_factory(engine),
        pepper=settings.pepper(),
        guess_limit=settings.guess_limit,
        guess_window=timedelta(seconds=settings.guess_window_seconds),
        idempotency_ttl=timedelta(hours=settings.idempotency_ttl_hours),
    )


def token_source_for(settings: GiftCardSettings, http: httpx.AsyncClient) -> ServiceTokenSource:
    """Client credentials when configured; else (development only, settings enforce it) a self-signed token."""
    if settings.relay_token_url and settings.relay_client_id and settings.relay_client_secret:
        return ClientCredentialsTokenSource(
            url=settings.relay_token_url,
            client_id=settings.relay_client_id,
            client_secret=settings.relay_client_secret.get_secret_value(),
            http=http,
        )
    secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else None
    if secret is None:
        secret = ensure_dev_secret(settings.dev_secret_path)
    return SelfSignedTokenSource(
        secret=secret, subject=settings.relay_subject, issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )


def create_app(settings: GiftCardSettings, *, engine: Engine | None = None) -> FastAPI:
    """The giftcard subgraph's ASGI app; pass `engine` to share one (tests)."""
    engine = engine or engine_for(settings)
    runtime = runtime_for(settings, engine)
    http = httpx.AsyncClient(timeout=settings.relay_timeout_seconds)
    relay = (
        OutboxRelay(
            runtime,
            WalletCreditClient(url=settings.router_url, tokens=token_source_for(settings, http), http=http),
            actor=settings.relay_subject,
            poll_seconds=settings.relay_poll_seconds,
            batch_size=settings.relay_batch_size,
            lease=timedelta(seconds=settings.relay_lease_seconds),
            backoff_base=settings.relay_backoff_base_seconds,
            backoff_max=settings.relay_backoff_max_seconds,
        )
        if settings.relay_enabled
        else None
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(relay.run_forever(), name="giftcard-outbox-relay") if relay else None
        try:
            async with periodically(lambda: purge_expired(runtime), interval=3600, name="giftcard-housekeeping"):
                yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await http.aclose()
            engine.dispose()

    app = create_subgraph_app(
        title="giftcard subgraph",
        settings=settings,
        schema=build_schema(),
        context_getter=context_getter(runtime, relay, settings.redeem_wait_seconds),
        verifier=verifier_from_settings(settings),
        ready_probe=lambda: ping(engine),
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.engine = engine
    app.state.relay = relay
    return app
