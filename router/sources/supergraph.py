"""From `supergraph.yaml` to a composed supergraph: the seam `router compose` and `router serve` share."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from router.composition import CompositionResult, compose

from .subgraph_sdl import subgraph_sources
from .supergraph_config import load_supergraph_config


def compose_from_config(config_path: Path, environ: Mapping[str, str], *, timeout: float = 10.0) -> CompositionResult:
    """Read the config, fetch every subgraph's SDL and compose; raises `ConfigError` when the inputs cannot be had.

    Composition errors are not raised: they come back in the result, all of them, with their codes.
    """
    config = load_supergraph_config(config_path, environ)
    return compose(subgraph_sources(config, config_path.parent, timeout=timeout))
