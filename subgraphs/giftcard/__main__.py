"""`python -m subgraphs.giftcard [serve|migrate|sdl] [--migrate] [--port N]` (see `subgraphs.shared.cli`; port 4001
unless GIFTCARD_PORT or --port say otherwise). `serve` runs the outbox relay too; its progress and retries go to
stderr next to uvicorn's lines (never a code: none is ever logged)."""

from __future__ import annotations

from collections.abc import Sequence

from subgraphs.giftcard.api.schema import print_sdl
from subgraphs.giftcard.app import create_app, migrate
from subgraphs.giftcard.settings import GiftCardSettings
from subgraphs.shared.cli import run_subgraph_cli


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    return run_subgraph_cli(
        argv,
        name="giftcard",
        settings_type=GiftCardSettings,
        print_sdl=print_sdl,
        create_app=create_app,
        migrate=migrate,
        log_info=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
