"""Typed settings of the registry service (pydantic-settings, `REGISTRY_` prefix, unknown keys refused).

Defaults are for development: port 4010, a SQLite file `.dev/registry.db`, and a write token generated once into
`.dev/registry-token` (read it with `cat .dev/registry-token`; the CLI falls back to it too). Outside development
the registry refuses to start without a database URL and an explicit write token of at least 32 characters.
`DATABASE_URL` (unprefixed) is honoured when `REGISTRY_DATABASE_URL` is absent.

Subgraph settings (`subgraphs.shared.settings.ServiceSettings`) are not reused as a base class: they carry JWT and
router-secret fields the registry has no use for. Their constants (`REPO_ROOT`, `DEFAULT_DEV_DIR`, `Environment`,
`InsecureSettingsError`) are.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from subgraphs.shared.devsecret import ensure_dev_secret
from subgraphs.shared.settings import DEFAULT_DEV_DIR, Environment, InsecureSettingsError

DEFAULT_PORT = 4010
MIN_TOKEN_CHARS = 32
DEV_TOKEN_FILE = "registry-token"  # noqa: S105 - a file name, not a secret


class RegistrySettings(BaseSettings):
    """Settings of the registry process."""

    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="forbid", frozen=True)

    environment: Environment = Field(
        Environment.DEVELOPMENT, description="development (insecure conveniences allowed) or production."
    )
    host: str = Field("127.0.0.1", description="Interface the HTTP server binds to.")
    port: int = Field(DEFAULT_PORT, ge=0, le=65535, description="TCP port of the HTTP server (default 4010).")
    database_url: str | None = Field(
        default_factory=lambda: os.environ.get("DATABASE_URL") or None,
        description="SQLAlchemy/psycopg URL; unset means .dev/registry.db (development only).",
    )
    dev_dir: Path = Field(DEFAULT_DEV_DIR, description="Directory for development state (.dev/).")
    db_pool_size: int = Field(5, ge=1, le=100, description="PostgreSQL connection pool size.")
    db_max_overflow: int = Field(5, ge=0, le=100, description="Extra PostgreSQL connections under load.")
    api_token: SecretStr | None = Field(
        None, description="Bearer token for writes (publish, check, operations); unset in development = generated."
    )
    read_token: SecretStr | None = Field(
        None, description="Optional Bearer token that may only read (routers polling the supergraph)."
    )
    max_body_bytes: int = Field(5_000_000, ge=1024, le=100_000_000, description="Largest accepted request body.")
    max_sdl_bytes: int = Field(1_000_000, ge=1024, le=50_000_000, description="Largest accepted subgraph SDL.")
    max_operations_per_upload: int = Field(5_000, ge=1, le=100_000, description="Operations per manifest upload.")

    @property
    def is_development(self) -> bool:
        """True when development conveniences are allowed."""
        return self.environment is Environment.DEVELOPMENT

    def resolved_database_url(self) -> str:
        """The configured database URL, else the development SQLite file."""
        return self.database_url or f"sqlite:///{self.dev_dir / 'registry.db'}"

    def write_token(self) -> str:
        """The write token: the configured one, else (development only) the generated `.dev/registry-token`."""
        if self.api_token is not None:
            return self.api_token.get_secret_value()
        return ensure_dev_secret(self.dev_dir / DEV_TOKEN_FILE)

    @model_validator(mode="after")
    def _refuse_insecure(self) -> Self:
        for name, token in (("api_token", self.api_token), ("read_token", self.read_token)):
            if token is not None and len(token.get_secret_value()) < MIN_TOKEN_CHARS:
                raise InsecureSettingsError(f"{name} must be at least {MIN_TOKEN_CHARS} characters")
        if self.api_token is not None and self.read_token is not None and self.api_token == self.read_token:
            raise InsecureSettingsError("read_token must differ from api_token")
        if not self.is_development:
            if not self.database_url:
                raise InsecureSettingsError("production needs database_url (the SQLite file is for development)")
            if self.api_token is None:
                raise InsecureSettingsError("production needs api_token (the generated token is for development)")
        return self
