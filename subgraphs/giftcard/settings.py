"""Giftcard subgraph settings: the shared service settings with the `GIFTCARD_` prefix and port 4001, plus the code
pepper, the guessing limits and the outbox relay.

Every field is read from `GIFTCARD_<FIELD>` (e.g. `GIFTCARD_CODE_PEPPER`, `GIFTCARD_ROUTER_URL`); `DATABASE_URL` is
the fallback for the database. Outside development the development pepper is refused, and the relay must get its
service token from a real token endpoint (OAuth 2 client credentials); in development it signs its own with the
development secret.
"""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from subgraphs.shared.settings import MIN_HS256_SECRET_BYTES, InsecureSettingsError, ServiceSettings

DEFAULT_PORT = 4001
#: The pepper used when none is configured, in development only.
DEV_CODE_PEPPER = "giftgraph-development-code-pepper-not-for-production"


class GiftCardSettings(ServiceSettings):
    """Settings of the giftcard subgraph process."""

    model_config = SettingsConfigDict(env_prefix="GIFTCARD_", extra="forbid", frozen=True)
    service_name: ClassVar[str] = "giftcard"

    port: int = Field(DEFAULT_PORT, ge=0, le=65535, description="TCP port of the HTTP server (default 4001).")
    code_pepper: SecretStr | None = Field(
        None,
        description="HMAC-SHA256 key for stored code hashes (>= 32 bytes); unset = a fixed development pepper, "
        "refused outside development. Changing it makes every issued code unusable.",
    )
    guess_limit: int = Field(10, ge=1, le=10_000, description="Failed code lookups a caller may make per window.")
    guess_window_seconds: int = Field(600, ge=1, le=86_400, description="Length of the guessing window (10 min).")

    router_url: str = Field(
        "http://127.0.0.1:4000/graphql",
        description="GraphQL endpoint the relay sends `creditWallet` to: the router (or, in tests, the wallet).",
    )
    relay_enabled: bool = Field(True, description="Run the outbox relay inside this process.")
    relay_poll_seconds: float = Field(0.5, gt=0, le=60, description="How often the relay looks for due rows.")
    relay_batch_size: int = Field(20, ge=1, le=500, description="Outbox rows one relay pass takes.")
    relay_lease_seconds: float = Field(
        30.0, gt=0, le=3600, description="How long a taken row is reserved before another replica may retry it."
    )
    relay_timeout_seconds: float = Field(5.0, gt=0, le=120, description="HTTP timeout of one delivery.")
    relay_backoff_base_seconds: float = Field(0.5, gt=0, le=600, description="First retry delay (doubles).")
    relay_backoff_max_seconds: float = Field(60.0, gt=0, le=3600, description="Longest retry delay.")
    relay_subject: str = Field("service:giftcard-relay", description="`sub` of the relay's development token.")
    relay_token_url: str | None = Field(
        None, description="OAuth 2 token endpoint for the relay's client-credentials token (required in production)."
    )
    relay_client_id: str | None = Field(None, description="Client id for `relay_token_url`.")
    relay_client_secret: SecretStr | None = Field(None, description="Client secret for `relay_token_url`.")
    redeem_wait_seconds: float = Field(
        3.0, ge=0, le=30, description="How long `redeemGiftCard` waits for the wallet credit before answering PENDING."
    )

    def pepper(self) -> bytes:
        """The code pepper in use."""
        value = self.code_pepper.get_secret_value() if self.code_pepper else DEV_CODE_PEPPER
        return value.encode()

    @model_validator(mode="after")
    def validate_giftcard(self) -> Self:
        """Refuse the development pepper and self-signed relay tokens outside development."""
        pepper = self.code_pepper.get_secret_value() if self.code_pepper else None
        if pepper is not None and len(pepper.encode()) < MIN_HS256_SECRET_BYTES:
            raise InsecureSettingsError(f"code_pepper must be at least {MIN_HS256_SECRET_BYTES} bytes")
        if not self.is_development:
            if pepper is None or pepper == DEV_CODE_PEPPER:
                raise InsecureSettingsError("production needs its own code_pepper")
            if not (self.relay_token_url and self.relay_client_id and self.relay_client_secret):
                raise InsecureSettingsError(
                    "production needs relay_token_url, relay_client_id and relay_client_secret for the relay"
                )
        return self
