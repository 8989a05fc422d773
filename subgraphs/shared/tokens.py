"""Verification of the caller's JWT with pyjwt, and minting of development tokens.

`TokenVerifier` accepts HS256 with a configured secret (development) or RS256/ES256/... keys fetched from a JWKS URL
through `PyJWKClient` (key set cached; an unknown `kid` refetches at most once per 30 s cooldown; the fetch is
the one network seam here). `iss`, `aud`, `exp` and `sub` are required;
a small leeway absorbs clock skew; the algorithm allow-list is fixed at construction, so a token cannot pick its own
algorithm.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import jwt

from subgraphs.shared.caller import MAX_SUBJECT_LENGTH, Caller, caller_from_claims
from subgraphs.shared.devsecret import ensure_dev_secret
from subgraphs.shared.settings import ServiceSettings

_SYMMETRIC = frozenset({"HS256", "HS384", "HS512"})
_REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]


class TokenRejectedError(Exception):
    """The bearer token is present but not acceptable (bad signature, expired, wrong issuer/audience...)."""


class TokenVerifier:
    """Turns a bearer token into a `Caller` or raises `TokenRejectedError`."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        algorithms: Iterable[str],
        secret: str | None = None,
        jwks_url: str | None = None,
        leeway_seconds: int = 30,
        jwks_client: jwt.PyJWKClient | None = None,
    ) -> None:
        self._algorithms = list(algorithms)
        self._issuer = issuer
        self._audience = audience
        self._secret = secret
        self._leeway = leeway_seconds
        self._jwks = jwks_client or (jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300) if jwks_url else None)
        if any(a in _SYMMETRIC for a in self._algorithms) and not secret:
            raise ValueError("HS* algorithms need a secret")
        if any(a not in _SYMMETRIC for a in self._algorithms) and self._jwks is None:
            raise ValueError("asymmetric algorithms need a JWKS URL")

    def verify(self, token: str) -> Caller:
        """Verify signature and registered claims; return the caller."""
        try:
            header = jwt.get_unverified_header(token)
            algorithm = header.get("alg")
            if algorithm not in self._algorithms:
                raise TokenRejectedError(f"algorithm {algorithm!r} is not accepted")
            key: Any
            if algorithm in _SYMMETRIC:
                key = self._secret
            else:
                assert self._jwks is not None  # checked in __init__
                key = self._jwks.get_signing_key_from_jwt(token).key
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": _REQUIRED_CLAIMS},
            )
        except TokenRejectedError:
            raise
        except (jwt.PyJWTError, ValueError) as exc:
            raise TokenRejectedError(str(exc)) from exc
        sub = claims.get("sub")
        # Subjects are stored (owners, actors, idempotency scopes: 255-character columns): refuse what cannot be.
        if not isinstance(sub, str) or not 0 < len(sub) <= MAX_SUBJECT_LENGTH or not sub.isprintable():
            raise TokenRejectedError(f"sub must be 1 to {MAX_SUBJECT_LENGTH} printable characters")
        return caller_from_claims(claims)


def verifier_from_settings(settings: ServiceSettings) -> TokenVerifier:
    """Build the verifier a service uses; in development without a secret, the generated `.dev/jwt-secret`."""
    secret: str | None = settings.jwt_secret.get_secret_value() if settings.jwt_secret else None
    if secret is None and settings.is_development and "HS256" in settings.jwt_algorithms:
        secret = ensure_dev_secret(settings.dev_secret_path)
    return TokenVerifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        algorithms=settings.jwt_algorithms,
        secret=secret,
        jwks_url=settings.jwt_jwks_url,
        leeway_seconds=settings.jwt_leeway_seconds,
    )


def mint_hs256_token(
    *,
    secret: str,
    sub: str,
    scopes: Iterable[str] = (),
    issuer: str,
    audience: str,
    ttl_seconds: int = 12 * 3600,
    service: bool = False,
    extra_claims: dict[str, Any] | None = None,
) -> str:
    """Sign a token with HS256 (development and tests only)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "exp": now + ttl_seconds,
        "scope": " ".join(scopes),
        **({"service": True} if service else {}),
        **(extra_claims or {}),
    }
    return jwt.encode(claims, secret, algorithm="HS256")
