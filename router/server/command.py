"""`router serve`: run the router with uvicorn.

router serve --config router.yaml
router serve --supergraph supergraph.graphql [--port 4000]
router serve --compose supergraph.yaml
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="router.yaml (settings; ROUTER_* environment variables override)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--supergraph", type=Path, help="a supergraph SDL file (hot-reloaded when it changes)")
    source.add_argument("--compose", type=Path, help="a rover-style supergraph.yaml, composed at start")
    source.add_argument(
        "--registry",
        metavar="URL",
        help="pull the supergraph from the schema registry (with --graph; token: ROUTER_SUPERGRAPH__REGISTRY__TOKEN)",
    )
    parser.add_argument("--graph", help="graph@variant in the registry (with --registry), e.g. giftgraph@main")
    parser.add_argument("--host", help="interface to bind (default from config: 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default from config: 4000)")
    parser.add_argument("--dev", action="store_true", help="environment: development (introspection, GraphiQL)")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    if args.supergraph is not None:
        overrides["supergraph"] = {"file": args.supergraph}
    if args.compose is not None:
        overrides["supergraph"] = {"compose": args.compose}
    if args.registry is not None:
        overrides["supergraph"] = {"registry": {"url": args.registry, "graph": args.graph or ""}}
    listen = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    if listen:
        overrides["listen"] = listen
    if args.dev:
        overrides["environment"] = "development"
    return overrides


def run(args: argparse.Namespace) -> int:
    import uvicorn
    from pydantic import ValidationError

    from router.config import load_settings
    from router.server.app import create_app
    from router.supergraph.model import SupergraphError

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(args.config, _overrides(args))
        app = create_app(settings)
    except (ValidationError, SupergraphError, ValueError, OSError) as exc:
        sys.stderr.write(f"router: cannot start: {exc}\n")
        return 2
    uvicorn.run(
        app,
        host=settings.listen.host,
        port=settings.listen.port,
        log_level=args.log_level,
        access_log=False,
        lifespan="on",
    )
    return 0
