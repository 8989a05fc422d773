"""Wallet subgraph settings: the shared service settings with the `WALLET_` prefix and port 4002.

Every field of `ServiceSettings` is read from `WALLET_<FIELD>` (e.g. `WALLET_PORT`, `WALLET_DATABASE_URL`,
`WALLET_ROUTER_SECRET`); `DATABASE_URL` is the fallback for the database. Unknown keys are refused.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from subgraphs.shared.settings import ServiceSettings

DEFAULT_PORT = 4002


class WalletSettings(ServiceSettings):
    """Settings of the wallet subgraph process."""

    model_config = SettingsConfigDict(env_prefix="WALLET_", extra="forbid", frozen=True)
    service_name: ClassVar[str] = "wallet"

    port: int = Field(DEFAULT_PORT, ge=0, le=65535, description="TCP port of the HTTP server (default 4002).")
