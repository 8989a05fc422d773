"""The command line every subgraph process has: `python -m subgraphs.<name> [serve|migrate|sdl] [--migrate]
[--port N]`.

`serve` (default) runs the subgraph with uvicorn (its default port unless `<PREFIX>PORT` or `--port` say otherwise);
`--migrate` migrates first. `migrate` only migrates. `sdl` prints the subgraph schema (for supergraph.yaml and the
registry). Each subgraph's `__main__` passes its own pieces; nothing is built until the chosen command needs it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from fastapi import FastAPI

from subgraphs.shared.service_app import serve
from subgraphs.shared.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)


def run_subgraph_cli(
    argv: Sequence[str] | None,
    *,
    name: str,
    settings_type: type[S],
    print_sdl: Callable[[], str],
    create_app: Callable[[S], FastAPI],
    migrate: Callable[[S], None],
    log_info: bool = False,
) -> int:
    """Parse the command line and run the chosen command; the exit status."""
    prefix = settings_type.model_config.get("env_prefix", "")
    parser = argparse.ArgumentParser(prog=f"python -m subgraphs.{name}", description=f"The {name} subgraph.")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate", "sdl"])
    parser.add_argument("--port", type=int, default=None, help=f"override {prefix}PORT")
    parser.add_argument("--migrate", action="store_true", help="migrate the database before serving")
    args = parser.parse_args(argv)

    if args.command == "sdl":
        sys.stdout.write(print_sdl() + "\n")
        return 0
    settings = settings_type() if args.port is None else settings_type(port=args.port)
    if args.command == "migrate" or args.migrate:
        migrate(settings)
        if args.command == "migrate":
            return 0
    if log_info:
        # Background work (e.g. the giftcard relay) logs next to uvicorn's lines on stderr.
        logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    serve(create_app(settings), settings)
    return 0
