"""`router compose --config supergraph.yaml [-o FILE] [--format text|json]`: prints the supergraph or the errors.

Exit 0 with the supergraph, 1 on composition errors, 2 when the config cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from router.composition import CompositionError

from .supergraph import compose_from_config
from .supergraph_config import ConfigError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", required=True, type=Path, help="rover-style supergraph.yaml")
    parser.add_argument("-o", "--output", type=Path, help="write the supergraph SDL here instead of stdout")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="how to print the result")


def _text(error: CompositionError) -> str:
    where = f"[{error.subgraph}] " if error.subgraph and not error.message.startswith(f"[{error.subgraph}]") else ""
    at = "".join(f" (line {loc.line}, column {loc.column})" for loc in error.locations)
    return f"{error.code}: {where}{error.message}{at}"


def run(args: argparse.Namespace) -> int:
    config_path: Path = args.config
    try:
        result = compose_from_config(config_path, os.environ)
    except ConfigError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    if result.supergraph_sdl is None:
        if args.format == "json":
            sys.stdout.write(json.dumps({"errors": [e.to_dict() for e in result.errors]}, indent=2) + "\n")
        else:
            for composition_error in result.errors:
                sys.stderr.write(_text(composition_error) + "\n")
        return 1
    if args.output is not None:
        args.output.write_text(result.supergraph_sdl, encoding="utf-8")
        if args.format == "json":
            sys.stdout.write(json.dumps({"supergraph": str(args.output)}) + "\n")
    elif args.format == "json":
        sys.stdout.write(json.dumps({"supergraphSdl": result.supergraph_sdl}) + "\n")
    else:
        sys.stdout.write(result.supergraph_sdl)
    return 0
