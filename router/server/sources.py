"""Where the supergraph comes from, and watching it for changes (hot reload).

A `SupergraphSource` reads the supergraph SDL and tells a cheap version stamp (the files' mtimes, the registry's
ETag) so a poller can notice changes. `FileSource` reads a supergraph file; `ComposeSource` composes a rover-style
supergraph.yaml with the composition room at start and on every change of the YAML or of a subgraph schema file it
names (a subgraph read over HTTP with `subgraph_url` is read again only when a file changes); `RegistrySource`
(`router.sources.registry`, built by `registry_source`) pulls a graph variant's supergraph from the schema registry.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import yaml

from router.config import RegistrySourceSettings
from router.sources.registry import RegistrySource, RegistrySupergraphClient
from router.sources.supergraph import compose_from_config
from router.supergraph.model import Supergraph, SupergraphError, load_supergraph

logger = logging.getLogger(__name__)


class SupergraphSource(Protocol):
    """Reads a supergraph; `version()` changes whenever the SDL may have changed."""

    def version(self) -> Any: ...

    def read(self) -> str: ...


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


class FileSource:
    """A supergraph SDL file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def version(self) -> Any:
        return _mtime(self.path)

    def read(self) -> str:
        return self.path.read_text(encoding="utf-8")


class ComposeSource:
    """A rover-style supergraph.yaml, composed with `router.sources` + `router.composition` (errors refuse it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _files(self) -> list[Path]:
        files = [self.path]
        try:
            config = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            return files
        for subgraph in (config.get("subgraphs") or {}).values():
            schema = (subgraph or {}).get("schema") or {}
            if isinstance(schema, dict) and isinstance(schema.get("file"), str):
                files.append((self.path.parent / schema["file"]).resolve())
        return files

    def version(self) -> Any:
        return tuple(_mtime(p) for p in self._files())

    def read(self) -> str:
        result = compose_from_config(self.path, os.environ)
        if result.supergraph_sdl is None:
            details = "; ".join(f"[{e.code}] {e.message}" for e in result.errors)
            raise SupergraphError(f"composition of {self.path} failed: {details}")
        return result.supergraph_sdl


def registry_source(settings: RegistrySourceSettings) -> RegistrySource:
    """The registry source the settings describe (the client lives in `router.sources.registry`)."""
    token = settings.token.get_secret_value() if settings.token else None
    return RegistrySource(
        RegistrySupergraphClient(settings.url, settings.graph, token, timeout=settings.timeout_seconds)
    )


def load(source: SupergraphSource, url_overrides: dict[str, str]) -> Supergraph:
    """Read, parse and check a supergraph, with the configured subgraph URLs."""
    supergraph = load_supergraph(source.read())
    return supergraph.with_urls(url_overrides) if url_overrides else supergraph


async def watch(
    source: SupergraphSource,
    url_overrides: dict[str, str],
    interval: float,
    on_change: Callable[[Supergraph], None],
    on_error: Callable[[Exception], None],
) -> None:
    """Poll `source` every `interval` seconds; hand every new valid supergraph to `on_change`.

    A broken new version is reported to `on_error` and the router keeps serving the last good one.
    """
    last = await asyncio.to_thread(source.version)
    while True:
        await asyncio.sleep(interval)
        current = await asyncio.to_thread(source.version)  # a registry poll is a blocking HTTP request
        if current == last or current is None:
            continue
        try:
            supergraph = await asyncio.to_thread(load, source, url_overrides)
        except (OSError, SupergraphError, ValueError) as exc:
            logger.warning("supergraph reload failed, keeping the current one: %s", exc)
            on_error(exc)
            last = current
            continue
        last = current
        on_change(supergraph)
        logger.info("supergraph reloaded")
