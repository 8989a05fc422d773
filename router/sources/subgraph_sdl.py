"""Getting each subgraph's SDL for composition: from a file, inline, or a running subgraph over HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx

from router.composition import SubgraphSource

from .supergraph_config import ConfigError, SubgraphConfig, SupergraphConfig

SERVICE_QUERY = "query SubgraphIntrospectQuery { _service { sdl } }"


def fetch_service_sdl(url: str, headers: dict[str, str], client: httpx.Client) -> str:
    """Ask a running subgraph for its SDL with `{ _service { sdl } }`."""
    try:
        response = client.post(url, json={"query": SERVICE_QUERY}, headers=headers)
        response.raise_for_status()
        payload = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ConfigError(f"cannot fetch the SDL of {url}: {exc}") from exc
    sdl = ((payload.get("data") or {}).get("_service") or {}).get("sdl") if isinstance(payload, dict) else None
    if not isinstance(sdl, str):
        raise ConfigError(f"{url} did not answer {{ _service {{ sdl }} }}: {payload!r:.200}")
    return sdl


def subgraph_source(name: str, config: SubgraphConfig, base_dir: Path, client: httpx.Client) -> SubgraphSource:
    schema = config.schema_
    if schema.sdl is not None:
        sdl = schema.sdl
    elif schema.file is not None:
        path = (base_dir / schema.file).resolve()
        try:
            sdl = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"subgraph {name}: cannot read {path}: {exc.strerror}") from exc
    else:
        assert schema.subgraph_url is not None
        sdl = fetch_service_sdl(schema.subgraph_url, schema.introspection_headers, client)
    return SubgraphSource(name, config.url, sdl)


def subgraph_sources(config: SupergraphConfig, base_dir: Path, *, timeout: float = 10.0) -> list[SubgraphSource]:
    """Every subgraph of the config, in the config's order."""
    with httpx.Client(timeout=timeout) as client:
        return [subgraph_source(name, sub, base_dir, client) for name, sub in config.subgraphs.items()]
