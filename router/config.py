"""Router settings: one typed model, read from a YAML file and `ROUTER_*` environment variables.

Precedence: explicit overrides (the command line) > environment (`ROUTER_LIMITS__MAX_DEPTH=20`) > YAML file >
documented defaults. Unknown keys are errors (extra="forbid") so a typo never silently falls back to a default.
`environment` is `production` by default: no introspection, no GraphiQL, and insecure settings (an HS256 secret,
JWKS over plain http to another host, CORS `*` with credentials) refused at start-up. A production router without
any key source is legitimate: it serves a public graph to anonymous callers and refuses every token. Development
(`router serve --dev`, or `environment: development` as in devstack/router.yaml) turns on introspection, GraphiQL
and the HS256 secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from router.auth.config import AuthConfig
from router.execution.http_pool import CLIENT_OWNED_HEADERS


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _check_headers(headers: dict[str, str]) -> dict[str, str]:
    """Static headers are checked once, at start-up: valid names, one-line latin-1 values, none the client owns."""
    for name, value in headers.items():
        if not name or not set(name) <= _TOKEN_CHARS:
            raise ValueError(f"{name!r} is not an HTTP header name")
        if name.lower() in CLIENT_OWNED_HEADERS:
            raise ValueError(f"header {name!r} is set by the HTTP client and cannot be configured")
        if "\r" in value or "\n" in value or not _latin1(value):
            raise ValueError(f"header {name!r}: the value must be one line of latin-1 text")
    return headers


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


StaticHeaders = Annotated[dict[str, str], AfterValidator(_check_headers)]


class ListenSettings(_Section):
    """Where the router listens."""

    host: str = Field("127.0.0.1", description="Interface to bind; 0.0.0.0 to listen on every interface.")
    port: int = Field(4000, ge=0, le=65535, description="TCP port (0 = any free port).")
    path: str = Field("/graphql", pattern=r"^/", description="Path of the GraphQL endpoint (and of GraphiQL).")


class RegistrySourceSettings(_Section):
    """The supergraph of one graph variant in the schema registry, polled with its ETag."""

    url: str = Field(pattern=r"^https?://", description="Base URL of the registry service.")
    graph: str = Field(pattern=r"^[^@]+@[^@]+$", description="graph@variant, e.g. giftgraph@main.")
    token: SecretStr | None = Field(None, description="A read token of the registry (Authorization: Bearer).")
    timeout_seconds: float = Field(10.0, gt=0, description="Timeout of one registry request.")


class SupergraphSettings(_Section):
    """Where the supergraph comes from: a supergraph SDL file, a rover-style supergraph.yaml composed at start, or
    the schema registry."""

    file: Path | None = Field(
        None, description="A supergraph SDL file (as rover or The Guild's composer print it); relative to the cwd."
    )
    compose: Path | None = Field(
        None, description="A rover-style supergraph.yaml, composed when the router starts; relative to the cwd."
    )
    registry: RegistrySourceSettings | None = Field(None, description="Pull the supergraph from the registry.")
    poll_interval_seconds: float = Field(
        1.0,
        ge=0,
        description="How often the source is checked for a new version (file mtimes, registry ETag); "
        "0 turns reloading off.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> SupergraphSettings:
        if sum(source is not None for source in (self.file, self.compose, self.registry)) > 1:
            raise ValueError("give either supergraph.file, supergraph.compose or supergraph.registry, not several")
        return self


class SubgraphSettings(_Section):
    """Per-subgraph overrides, keyed by the subgraph's name in the supergraph."""

    url: str | None = Field(None, description="Replaces the routing URL the supergraph gives.")
    headers: StaticHeaders = Field(default_factory=dict, description="Static headers sent with every request.")
    timeout_seconds: float | None = Field(None, gt=0, description="Replaces traffic.timeout_seconds for it.")


class TrafficSettings(_Section):
    """How the router talks to subgraphs (one shared HTTP client with keep-alive pools)."""

    client: Literal["pooled", "httpx"] = Field(
        "pooled",
        description="pooled: the router's own HTTP/1.1 keep-alive client (fast); httpx: httpx.AsyncClient "
        "(honours proxy environment variables; slower under concurrency).",
    )
    timeout_seconds: float = Field(30.0, gt=0, description="Whole-request timeout of one subgraph fetch.")
    connect_timeout_seconds: float = Field(5.0, gt=0, description="TCP connect timeout.")
    max_connections: int = Field(
        200, ge=1, description="Most open connections: per subgraph origin (pooled), over all subgraphs (httpx)."
    )
    max_keepalive_connections: int = Field(
        100, ge=0, description="Idle connections kept for reuse: per subgraph origin (pooled), in all (httpx)."
    )
    headers: StaticHeaders = Field(default_factory=dict, description="Static headers sent to every subgraph.")
    max_response_bytes: int = Field(
        100 * 1024 * 1024, ge=1024, description="Largest subgraph response body; a larger one is a failed fetch."
    )
    ca_file: Path | None = Field(
        None, description="PEM bundle of the CAs that sign https subgraphs' certificates; default: the system's."
    )


class LimitSettings(_Section):
    """Limits checked before any work is done for a request."""

    max_body_bytes: int = Field(2_000_000, ge=1, description="Largest request body (413 beyond).")
    max_tokens: int = Field(15_000, ge=1, description="Largest number of parser tokens in a document.")
    max_depth: int = Field(32, ge=1, description="Deepest field nesting of an operation (fragments expanded).")
    max_aliases: int = Field(200, ge=0, description="Most aliased fields in a document.")
    max_expanded_fields: int = Field(
        20_000, ge=1, description="Most fields an operation selects with its fragments expanded."
    )
    max_root_fields: int = Field(100, ge=1, description="Most root fields in the executed operation.")
    max_directives: int = Field(100, ge=0, description="Most directive uses in a document.")
    max_batch_representations: int = Field(
        10_000, ge=1, description="Most entity representations one fetch may send to a subgraph."
    )


class CacheSettings(_Section):
    """Bounded LRU caches: parsed+validated documents and query plans."""

    documents: int = Field(1_000, ge=0, description="Parsed and validated operations kept.")
    plans: int = Field(1_000, ge=0, description="Query plans kept (keyed by operation, name and authorization).")


class CorsSettings(_Section):
    """Cross-origin requests (browsers). Off unless origins are listed."""

    allow_origins: list[str] = Field(default_factory=list, description='Allowed origins; ["*"] for any.')
    allow_credentials: bool = Field(False, description="Allow cookies/Authorization on cross-origin requests.")
    allow_headers: list[str] = Field(
        default_factory=lambda: ["authorization", "content-type"], description="Request headers browsers may send."
    )
    max_age_seconds: int = Field(600, ge=0, description="How long browsers cache a preflight answer.")


#: The YAML file `load_settings` is reading, for `RouterSettings.settings_customise_sources` (None: no file).
_config_file: ContextVar[Path | None] = ContextVar("router_config_file", default=None)


class RouterSettings(BaseSettings):
    """Everything the router can be told."""

    model_config = SettingsConfigDict(
        env_prefix="ROUTER_",
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
        validate_default=True,
        hide_input_in_errors=True,  # a refused setting may be a secret: errors name it, never echo it
    )

    environment: Literal["development", "production"] = Field(
        "production",
        description="production (the default) refuses insecure settings (HS256 secrets, permissive CORS with "
        "credentials) and keeps introspection and GraphiQL off unless asked; development (`router serve --dev`) "
        "turns them on and allows the HS256 secret.",
    )
    listen: ListenSettings = Field(default_factory=ListenSettings)
    supergraph: SupergraphSettings = Field(default_factory=SupergraphSettings)
    subgraphs: dict[str, SubgraphSettings] = Field(default_factory=dict, description="Per-subgraph overrides.")
    traffic: TrafficSettings = Field(default_factory=TrafficSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    caches: CacheSettings = Field(default_factory=CacheSettings)
    cors: CorsSettings = Field(default_factory=CorsSettings)
    introspection: bool | None = Field(None, description="Answer introspection; default: only in development.")
    graphiql: bool | None = Field(None, description="Serve GraphiQL to browsers; default: only in development.")
    graphiql_default_query: str | None = Field(
        None, description="The operation GraphiQL opens with for a new visitor; default: GraphiQL's welcome text."
    )
    graphiql_default_headers: str | None = Field(
        None, description='The headers GraphiQL opens with (JSON text), e.g. {"Authorization": "Bearer ..."}.'
    )
    auth: AuthConfig = Field(
        default_factory=AuthConfig,
        description="Authentication, per-field authorization and router-to-subgraph secrets; its environment "
        "follows the router's unless set.",
    )

    @property
    def introspection_enabled(self) -> bool:
        return self.environment == "development" if self.introspection is None else self.introspection

    @property
    def graphiql_enabled(self) -> bool:
        return self.environment == "development" if self.graphiql is None else self.graphiql

    @model_validator(mode="before")
    @classmethod
    def _auth_follows_environment(cls, data: Any) -> Any:
        # The auth room has its own environment switch; one router has one environment unless told otherwise.
        if isinstance(data, dict):
            environment = data.get("environment", cls.model_fields["environment"].default)
            auth = data.get("auth")
            if auth is None:
                data = {**data, "auth": {"environment": environment}}
            elif isinstance(auth, dict) and "environment" not in auth:
                data = {**data, "auth": {**auth, "environment": environment}}
        return data

    @model_validator(mode="after")
    def _refuse_insecure(self) -> RouterSettings:
        if self.environment == "development":
            return self
        if self.auth.is_development:
            raise ValueError("auth.environment is development while the router's environment is not")
        if "*" in self.cors.allow_origins and self.cors.allow_credentials:
            raise ValueError("cors: allow_origins ['*'] with allow_credentials is refused outside development")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: tuple[PydanticBaseSettingsSource, ...] = (init_settings, env_settings)
        config_file = _config_file.get()
        if config_file is not None:
            sources += (YamlConfigSettingsSource(settings_cls, yaml_file=config_file),)
        return sources


def load_settings(config_file: Path | None = None, overrides: Mapping[str, Any] | None = None) -> RouterSettings:
    """Settings from (in increasing precedence) defaults, `config_file` (YAML), the environment and `overrides`."""
    if config_file is not None and not config_file.is_file():
        raise FileNotFoundError(f"router config not found: {config_file}")
    token = _config_file.set(config_file)
    try:
        return RouterSettings(**dict(overrides or {}))
    finally:
        _config_file.reset(token)
