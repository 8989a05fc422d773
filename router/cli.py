"""The `router` command: one entry point, a sub-command per job (compose, plan, serve).

Each sub-command lives with its room and exposes `add_arguments(parser)` and `run(args) -> int`; they are imported
only when chosen, so `router compose` never loads the web server.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# sub-command -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "compose": ("router.sources.command", "compose supergraph.yaml into a supergraph SDL"),
    "plan": ("router.planning.command", "print the query plan of an operation"),
    "serve": ("router.server.command", "serve the supergraph over GraphQL-over-HTTP"),
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="router", description="Federated GraphQL router.")
    sub = parser.add_subparsers(dest="command", required=True)
    chosen = argv[0] if argv and argv[0] in COMMANDS else None
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text)
        if name == chosen:
            importlib.import_module(module_name).add_arguments(command_parser)
    args = parser.parse_args(argv)
    module = importlib.import_module(COMMANDS[args.command][0])
    code: int = module.run(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
