"""`python -m subgraphs.wallet [serve|migrate|sdl] [--migrate] [--port N]` (see `subgraphs.shared.cli`; port 4002
unless WALLET_PORT or --port say otherwise)."""

from __future__ import annotations

from collections.abc import Sequence

from subgraphs.shared.cli import run_subgraph_cli
from subgraphs.wallet.api.schema import print_sdl
from subgraphs.wallet.app import create_app, migrate
from subgraphs.wallet.settings import WalletSettings


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    return run_subgraph_cli(
        argv, name="wallet", settings_type=WalletSettings, print_sdl=print_sdl, create_app=create_app, migrate=migrate
    )


if __name__ == "__main__":
    raise SystemExit(main())
