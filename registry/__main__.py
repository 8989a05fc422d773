"""`python -m registry [serve|migrate] [--migrate] [--port N]`: the registry's HTTP service.

`serve` (default) runs it with uvicorn (port 4010 unless REGISTRY_PORT or --port say otherwise); `--migrate`
migrates first. `migrate` only migrates. Settings come from `REGISTRY_*` variables (see `registry.settings`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m registry", description="The schema registry service.")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate"])
    parser.add_argument("--port", type=int, default=None, help="override REGISTRY_PORT")
    parser.add_argument("--migrate", action="store_true", help="migrate the database before serving")
    args = parser.parse_args(argv)

    import logging

    import uvicorn

    from registry.service.app import create_app
    from registry.settings import RegistrySettings
    from registry.storage.database import migrate

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = RegistrySettings() if args.port is None else RegistrySettings(port=args.port)
    if args.command == "migrate" or args.migrate:
        migrate(settings)
        if args.command == "migrate":
            return 0
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info", access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
