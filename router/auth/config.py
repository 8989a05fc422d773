"""`AuthConfig`: how the router authenticates callers and authorizes fields, and how it proves itself to subgraphs.

Typed with pydantic (unknown keys refused); every default is documented on its field. The secure choices are the
defaults (production included); the conveniences (an HS256 secret, JWKS over plain HTTP to a non-loopback host) are
refused outside development at validation time, so an insecure router never starts. No key source at all is fine:
every caller is anonymous and every token is refused (401). The runtime embeds this model as the `auth` field of the
router settings, whose environment it follows.
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

#: Algorithms a JWKS source may allow: asymmetric only (a JWKS never carries a shared secret we would accept).
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)

#: HS256 secrets shorter than this many bytes are refused (RFC 7518 section 3.2: at least the hash size).
MIN_HS256_SECRET_BYTES = 32

#: Secrets that appear in tutorials and templates; never acceptable outside development.
KNOWN_DEFAULT_SECRETS = frozenset(
    {
        "secret",
        "changeme",
        "change-me",
        "changeit",
        "your-256-bit-secret",
        "your-secret-key",
        "supersecret",
        "dev-secret",
        "development-secret",
        "development-secret-change-me-please-0123456789",
        "0123456789abcdef0123456789abcdef",
        "00000000000000000000000000000000",
    }
)

_HS256_OUTSIDE_DEVELOPMENT = (
    "HS256 tokens are for development only (environment: development, or `router serve --dev`); "
    "configure jwks sources, or none for anonymous callers only"
)

#: The header the subgraphs check for the router's shared secret (subgraphs/shared/settings.py `router_secret`).
DEFAULT_ROUTER_SECRET_HEADER = "X-Router-Secret"  # noqa: S105 - a header name, not a secret


class Environment(StrEnum):
    """Where the router runs; only development may use the insecure conveniences."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)  # inputs may be secrets


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class JwksSource(_Model):
    """One set of signing keys: a JWKS URL polled periodically, or a local JWKS file."""

    url: str | None = Field(None, description="JWKS URL (https; plain http only to loopback or in development).")
    file: Path | None = Field(None, description="A local JWKS file, re-read at every poll.")
    algorithms: tuple[str, ...] = Field(
        ("RS256", "ES256"), min_length=1, description="Algorithms accepted for keys of this source (asymmetric only)."
    )
    issuers: tuple[str, ...] = Field(
        (), description="Issuers whose tokens this source signs; empty means any of the configured `issuers`."
    )
    poll_interval_seconds: float = Field(
        300.0,
        ge=1.0,
        le=86_400.0,
        description="How often the key set is refreshed; a removed key dies at the next poll.",
    )
    unknown_kid_cooldown_seconds: float = Field(
        30.0,
        ge=0.5,
        le=3_600.0,
        description="At most one extra fetch per this many seconds for tokens with an unknown kid.",
    )
    timeout_seconds: float = Field(5.0, gt=0, le=60.0, description="Timeout of one JWKS fetch.")
    max_bytes: int = Field(512 * 1024, ge=1024, le=10 * 1024 * 1024, description="Largest JWKS document accepted.")

    @model_validator(mode="after")
    def _one_location(self) -> Self:
        if (self.url is None) == (self.file is None):
            raise ValueError("a JWKS source needs exactly one of `url` or `file`")
        if self.url is not None and urlsplit(self.url).scheme not in {"https", "http"}:
            raise ValueError("a JWKS url must be http(s)")
        bad = [a for a in self.algorithms if a not in ASYMMETRIC_ALGORITHMS]
        if bad:
            raise ValueError(f"JWKS sources accept asymmetric algorithms only, not {', '.join(bad)}")
        return self

    @property
    def name(self) -> str:
        """Where the keys come from, for logs."""
        return self.url or str(self.file)


class PolicyRule(_Model):
    """One condition on a claim; exactly one of `contains`, `equals`, `any_of` or `exists` is set.

    The claim may be a dotted path into nested objects (`realm_access.roles`). `contains` matches a list claim that
    holds the value or a space-separated string claim that has it as a word.
    """

    claim: str = Field(min_length=1, description="Claim name, or a dotted path into nested claims.")
    contains: str | None = Field(None, description="The claim (list or space-separated string) contains this value.")
    equals: str | int | bool | None = Field(None, description="The claim equals this value.")
    any_of: tuple[str, ...] | None = Field(None, description="The claim equals, or contains, one of these values.")
    exists: bool | None = Field(None, description="true: the claim is present; false: it is absent.")

    @model_validator(mode="after")
    def _one_operator(self) -> Self:
        operators = [self.contains, self.equals, self.any_of, self.exists]
        if sum(op is not None for op in operators) != 1:
            raise ValueError("a policy rule needs exactly one of contains, equals, any_of, exists")
        return self


class UnauthorizedMode(StrEnum):
    """What happens to an operation that selects fields the caller may not see."""

    FILTER = "filter"  # remove them, answer null with an UNAUTHORIZED_FIELD_OR_TYPE error at each path
    REJECT = "reject"  # refuse the whole operation


class SubgraphAuth(_Model):
    """How the router proves itself to one subgraph: a static secret in a header."""

    secret: SecretStr = Field(description="The shared secret sent to this subgraph.")
    header: str = Field(DEFAULT_ROUTER_SECRET_HEADER, min_length=1, description="Header that carries the secret.")


class AuthConfig(_Model):
    """JWT authentication, per-field authorization and router-to-subgraph authentication."""

    environment: Environment = Field(
        Environment.PRODUCTION,
        description="production (the default) refuses an HS256 secret and plain-http JWKS to other hosts; "
        "development allows them.",
    )
    jwks: tuple[JwksSource, ...] = Field((), description="Signing key sources for asymmetric tokens.")
    hs256_secret: SecretStr | None = Field(None, description="HS256 secret (development only, >= 32 bytes).")
    hs256_secret_file: Path | None = Field(
        None, description="File holding the HS256 secret, e.g. .dev/jwt-secret (development only)."
    )
    issuers: tuple[str, ...] = Field(("giftgraph-dev",), min_length=1, description="Accepted `iss` values.")
    audiences: tuple[str, ...] = Field(
        ("giftgraph",),
        min_length=1,
        description="Accepted `aud` values; a token naming any audience outside this list is refused.",
    )
    leeway_seconds: int = Field(30, ge=0, le=60, description="Clock skew tolerated on exp, nbf and iat.")
    header_name: str = Field("Authorization", min_length=1, description="Request header carrying the token.")
    header_prefix: str = Field("Bearer", description="Scheme before the token in that header; empty for none.")
    require_authentication: bool = Field(False, description="Refuse anonymous requests (401 UNAUTHENTICATED).")
    scope_claim: str = Field(
        "scope", min_length=1, description="Claim with the scopes: a space-separated string or a list of strings."
    )
    policies: dict[str, tuple[PolicyRule, ...]] = Field(
        default_factory=dict,
        description="Named policies for @policy: each is a list of claim rules that must all hold.",
    )
    unauthorized: UnauthorizedMode = Field(
        UnauthorizedMode.FILTER, description="filter: remove unauthorized fields; reject: refuse the operation."
    )
    max_token_bytes: int = Field(8 * 1024, ge=512, le=64 * 1024, description="Longest token accepted.")
    realm: str = Field("giftgraph", description="Realm in WWW-Authenticate.")
    forward_authorization: bool = Field(True, description="Forward the caller's token header to subgraphs.")
    subgraphs: dict[str, SubgraphAuth] = Field(
        default_factory=dict, description="Per-subgraph router secret (keyed by subgraph name)."
    )

    @field_validator("policies", mode="before")
    @classmethod
    def _single_rule_is_a_list(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {name: [rule] if isinstance(rule, dict | PolicyRule) else rule for name, rule in value.items()}
        return value

    @model_validator(mode="after")
    def _secure_outside_development(self) -> Self:
        development = self.environment is Environment.DEVELOPMENT
        if self.hs256_secret is not None and self.hs256_secret_file is not None:
            raise ValueError("set hs256_secret or hs256_secret_file, not both")
        if self.hs256_secret is not None:
            check_hs256_secret(self.hs256_secret.get_secret_value(), development=development)
        if self.hs256_secret_file is not None and not development:
            raise ValueError(_HS256_OUTSIDE_DEVELOPMENT)
        for source in self.jwks:
            if source.url and urlsplit(source.url).scheme == "http" and not (development or _is_loopback(source.url)):
                raise ValueError(f"JWKS over plain http is for development only: {source.url}")
            unknown = set(source.issuers) - set(self.issuers)
            if unknown:
                raise ValueError(f"JWKS source issuers not in `issuers`: {', '.join(sorted(unknown))}")
        if not development and self.jwks and self.issuers == ("giftgraph-dev",):
            raise ValueError("outside development set your own `issuers`, not the development issuer")
        if self.require_authentication and not (self.jwks or self.hs256_secret or self.hs256_secret_file):
            raise ValueError("require_authentication needs a key source (jwks, or hs256_secret in development)")
        for name, sub in self.subgraphs.items():
            if len(sub.secret.get_secret_value().encode()) < MIN_HS256_SECRET_BYTES:
                raise ValueError(f"router secret for subgraph {name!r} must be at least {MIN_HS256_SECRET_BYTES} bytes")
        return self

    @property
    def is_development(self) -> bool:
        """True when development conveniences are allowed."""
        return self.environment is Environment.DEVELOPMENT

    def subgraph_headers(self, subgraph_name: str) -> dict[str, str]:
        """Headers the router adds to every request to this subgraph (its router secret, if configured)."""
        auth = self.subgraphs.get(subgraph_name)
        return {auth.header: auth.secret.get_secret_value()} if auth else {}


def check_hs256_secret(secret: str, *, development: bool) -> None:
    """Refuse a short secret everywhere, and any HS256 secret (defaults above all) outside development."""
    if len(secret.encode()) < MIN_HS256_SECRET_BYTES:
        raise ValueError(f"hs256_secret must be at least {MIN_HS256_SECRET_BYTES} bytes")
    if not development:
        if secret.strip().lower() in KNOWN_DEFAULT_SECRETS:
            raise ValueError("hs256_secret is a well-known default")
        raise ValueError(_HS256_OUTSIDE_DEVELOPMENT)
