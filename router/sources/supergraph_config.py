"""Rover's `supergraph.yaml` as a typed model: `federation_version`, and per subgraph `routing_url` plus a `schema`
given as `file` (relative to the config file), `subgraph_url` (with optional `introspection_headers`) or inline `sdl`.

`${env.NAME}` (and `${env.NAME:-default}`) is expanded in every string before validation; unknown keys are errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

_ENV = re.compile(r"\$\{env\.([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class ConfigError(ValueError):
    """The config file cannot be read, expanded or validated; the message says where."""


class SchemaSource(BaseModel):
    """Exactly one of `file`, `subgraph_url` or `sdl`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str | None = Field(default=None, description="SDL file, relative to the config file")
    subgraph_url: str | None = Field(default=None, description="running subgraph, asked `{ _service { sdl } }`")
    introspection_headers: dict[str, str] = Field(default_factory=dict, description="headers for subgraph_url")
    sdl: str | None = Field(default=None, description="the SDL inline")

    @model_validator(mode="after")
    def _exactly_one(self) -> SchemaSource:
        given = [name for name in ("file", "subgraph_url", "sdl") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("schema needs exactly one of file, subgraph_url or sdl")
        if self.introspection_headers and self.subgraph_url is None:
            raise ValueError("introspection_headers only go with subgraph_url")
        return self


class SubgraphConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    routing_url: str | None = Field(default=None, description="where the router sends this subgraph's fetches")
    schema_: SchemaSource = Field(alias="schema", description="where the subgraph's SDL comes from")

    @model_validator(mode="after")
    def _routing(self) -> SubgraphConfig:
        if self.routing_url is None and self.schema_.subgraph_url is None:
            raise ValueError("routing_url is required unless schema.subgraph_url gives it")
        return self

    @property
    def url(self) -> str:
        return self.routing_url or self.schema_.subgraph_url or ""


class SupergraphConfig(BaseModel):
    """The whole `supergraph.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    federation_version: str | int = Field(default=2, description="rover's composition version, e.g. =2.9.0")
    subgraphs: dict[str, SubgraphConfig] = Field(description="subgraphs by name")


def expand_env(value: Any, environ: Mapping[str, str]) -> Any:
    """Replace `${env.NAME}` in every string of a loaded YAML tree (iteratively, any depth)."""
    root: list[Any] = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, str):
            container[key] = _ENV.sub(lambda m: _lookup(m, environ), item)
        elif isinstance(item, dict):
            stack.extend((item, k) for k in item)
        elif isinstance(item, list):
            stack.extend((item, i) for i in range(len(item)))
    return root[0]


def _lookup(match: re.Match[str], environ: Mapping[str, str]) -> str:
    name, default = match.group(1), match.group(2)
    if name in environ:
        return environ[name]
    if default is not None:
        return default
    raise ConfigError(f"environment variable {name} is not set (used as ${{env.{name}}})")


def parse_supergraph_config(text: str, environ: Mapping[str, str]) -> SupergraphConfig:
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}") from exc
    if not isinstance(loaded, dict):
        raise ConfigError("supergraph config must be a mapping")
    try:
        return SupergraphConfig.model_validate(expand_env(loaded, environ))
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


def load_supergraph_config(path: Path, environ: Mapping[str, str]) -> SupergraphConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    return parse_supergraph_config(text, environ)
