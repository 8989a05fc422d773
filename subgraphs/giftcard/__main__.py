"""`python -m subgraphs.giftcard [serve|migrate|sdl] [--migrate] [--port N]`.

`serve` (default) runs the subgraph and its outbox relay with uvicorn (port 4001 unless GIFTCARD_PORT or --port say
otherwise); `--migrate` migrates first. `migrate` only migrates. `sdl` prints the subgraph schema.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m subgraphs.giftcard", description="The giftcard subgraph.")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate", "sdl"])
    parser.add_argument("--port", type=int, default=None, help="override GIFTCARD_PORT")
    parser.add_argument("--migrate", action="store_true", help="migrate the database before serving")
    args = parser.parse_args(argv)

    from subgraphs.giftcard.api.schema import print_sdl

    if args.command == "sdl":
        sys.stdout.write(print_sdl() + "\n")
        return 0

    from subgraphs.giftcard.app import create_app, migrate
    from subgraphs.giftcard.settings import GiftCardSettings
    from subgraphs.shared.service_app import serve

    settings = GiftCardSettings() if args.port is None else GiftCardSettings(port=args.port)
    if args.command == "migrate" or args.migrate:
        migrate(settings)
        if args.command == "migrate":
            return 0
    # The relay's progress and retries go to stderr next to uvicorn's lines (never a code: none is ever logged).
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    serve(create_app(settings), settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
