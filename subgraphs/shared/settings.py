"""Typed settings shared by every subgraph (pydantic-settings, unknown keys refused).

Each service subclasses `ServiceSettings`, sets its own environment prefix (`WALLET_`, `GIFTCARD_`) and its
`service_name`, and adds its own fields. Defaults are made for development: a SQLite file under `.dev/`, HS256
tokens signed with the development secret in `.dev/jwt-secret`, no router secret. Outside development those
defaults are refused at start-up (`validate_for_environment`), so a production process cannot start insecurely.

`DATABASE_URL` (unprefixed) is honoured when the prefixed variable is absent, so one variable can point every
service at PostgreSQL. List values are JSON, e.g. `WALLET_JWT_ALGORITHMS='["RS256", "ES256"]'`.

Production example (wallet): WALLET_ENVIRONMENT=production, WALLET_DATABASE_URL=postgresql://..., WALLET_JWT_JWKS_URL,
WALLET_JWT_ALGORITHMS='["RS256"]', WALLET_JWT_ISSUER, WALLET_JWT_AUDIENCE, WALLET_ROUTER_SECRET (>= 32 characters;
the router sends it as X-Router-Secret, and `_entities`/`_service` require it outside development).
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The repository root (this file is subgraphs/shared/settings.py).
REPO_ROOT = Path(__file__).resolve().parents[2]

#: Where development state lives: SQLite files and the development signing secret. Gitignored.
DEFAULT_DEV_DIR = REPO_ROOT / ".dev"

#: The issuer and audience of development tokens (`make token`); production sets its own.
DEV_ISSUER = "giftgraph-dev"
DEV_AUDIENCE = "giftgraph"

#: HS256 secrets shorter than this (in bytes) are refused: RFC 7518 wants at least the hash size.
MIN_HS256_SECRET_BYTES = 32


class Environment(StrEnum):
    """Where the process runs; only development may use the insecure conveniences."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"


class InsecureSettingsError(ValueError):
    """A development-only default was left in place outside development."""


class ServiceSettings(BaseSettings):
    """Settings every subgraph has. Subclasses set `service_name`, `model_config` (env prefix) and `port`."""

    model_config = SettingsConfigDict(extra="forbid", frozen=True)

    #: Short name used for the SQLite file, the Alembic version table and log lines.
    service_name: ClassVar[str] = "service"

    environment: Environment = Field(
        Environment.DEVELOPMENT, description="development (insecure conveniences allowed) or production."
    )
    host: str = Field("127.0.0.1", description="Interface the HTTP server binds to.")
    port: int = Field(0, ge=0, le=65535, description="TCP port of the HTTP server.")
    database_url: str | None = Field(
        default_factory=lambda: os.environ.get("DATABASE_URL") or None,
        description="SQLAlchemy/psycopg URL; unset means a SQLite file under dev_dir (development only).",
    )
    dev_dir: Path = Field(DEFAULT_DEV_DIR, description="Directory for development state (.dev/).")
    db_pool_size: int = Field(10, ge=1, le=200, description="PostgreSQL connection pool size.")
    db_max_overflow: int = Field(20, ge=0, le=200, description="Extra PostgreSQL connections under load.")

    jwt_secret: SecretStr | None = Field(
        None, description="HS256 secret; unset in development means the generated .dev/jwt-secret."
    )
    jwt_jwks_url: str | None = Field(None, description="JWKS URL for RS256/ES256 tokens (production).")
    jwt_algorithms: tuple[str, ...] = Field(("HS256",), description="Accepted JWT algorithms (allow-list).")
    jwt_issuer: str = Field(DEV_ISSUER, description="Required `iss` claim.")
    jwt_audience: str = Field(DEV_AUDIENCE, description="Required `aud` claim.")
    jwt_leeway_seconds: int = Field(30, ge=0, le=300, description="Clock skew tolerated on exp/nbf/iat.")

    router_secret: SecretStr | None = Field(
        None, description="Shared secret the router sends in X-Router-Secret for _entities/_service."
    )
    require_router_secret: bool | None = Field(
        None, description="Require X-Router-Secret on _entities/_service; unset = on outside development."
    )

    max_body_bytes: int = Field(1_000_000, ge=1024, le=50_000_000, description="Largest accepted request body.")
    idempotency_ttl_hours: int = Field(24, ge=24, le=24 * 90, description="How long idempotency keys are kept.")

    @property
    def is_development(self) -> bool:
        """True when development conveniences are allowed."""
        return self.environment is Environment.DEVELOPMENT

    @property
    def router_secret_required(self) -> bool:
        """Whether `_entities`/`_service` need the X-Router-Secret header."""
        if self.require_router_secret is None:
            return not self.is_development
        return self.require_router_secret

    def resolved_database_url(self) -> str:
        """The database URL to use: the configured one, else `sqlite:///<dev_dir>/<service>.db`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.dev_dir / f'{self.service_name}.db'}"

    @property
    def dev_secret_path(self) -> Path:
        """Where the development HS256 secret lives."""
        return self.dev_dir / "jwt-secret"

    @model_validator(mode="after")
    def validate_for_environment(self) -> Self:
        """Refuse development defaults outside development; refuse inconsistent JWT settings everywhere."""
        algorithms = set(self.jwt_algorithms)
        if not algorithms:
            raise ValueError("jwt_algorithms must not be empty")
        if "none" in {a.lower() for a in algorithms}:
            raise ValueError("the 'none' JWT algorithm is never accepted")
        secret = self.jwt_secret.get_secret_value() if self.jwt_secret else None
        if "HS256" in algorithms and secret is not None and len(secret.encode()) < MIN_HS256_SECRET_BYTES:
            raise InsecureSettingsError(f"jwt_secret must be at least {MIN_HS256_SECRET_BYTES} bytes")
        if algorithms - {"HS256"} and not self.jwt_jwks_url:
            raise ValueError("asymmetric jwt_algorithms need jwt_jwks_url")
        if not self.is_development:
            self._refuse_development_defaults(algorithms)
        if self.router_secret_required and (
            self.router_secret is None or len(self.router_secret.get_secret_value()) < MIN_HS256_SECRET_BYTES
        ):
            raise InsecureSettingsError(
                f"require_router_secret needs a router_secret of at least {MIN_HS256_SECRET_BYTES} characters"
            )
        return self

    def _refuse_development_defaults(self, algorithms: set[str]) -> None:
        if not self.database_url:
            raise InsecureSettingsError("production needs database_url (the SQLite file is for development)")
        if "HS256" in algorithms:
            raise InsecureSettingsError("HS256 tokens are for development only; configure jwt_jwks_url + RS256/ES256")
        if self.jwt_issuer == DEV_ISSUER:
            raise InsecureSettingsError(f"production must set its own jwt_issuer, not {DEV_ISSUER!r}")
