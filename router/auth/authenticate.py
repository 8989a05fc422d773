"""`Authenticator`: request headers in, `Claims` (or None for an anonymous caller) out, or `AuthenticationError`.

Verification is pyjwt's, hardened around it:
- the token comes only from the configured header (a token in the query string is refused, never used);
- size and shape are checked before any parsing, and JWS header parameters we do not support are refused: `jku`,
  `x5u`, `jwk`, `x5c` (a token must never choose its own key), `crit` (RFC 7515 4.1.11: unknown critical extensions
  invalidate the token), `b64`, and a `typ` other than JWT / at+jwt (RFC 9068);
- the algorithm must be in the allow-list of the key source it selects; the list is config, never the token;
- asymmetric tokens need a `kid` naming a key of a configured JWKS source; HS256 uses the development secret;
- `exp`, `iss`, `aud` and `sub` are required, `nbf`/`iat` are honoured with the configured leeway, and every
  audience a token names must be one of ours (a token also meant for someone else is refused).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import jwt

from router.auth.claims import Claims, claims_from_payload
from router.auth.config import AuthConfig, check_hs256_secret
from router.auth.errors import AuthenticationError
from router.auth.jwks import JwksCache, SigningKey

logger = logging.getLogger(__name__)

#: Query parameters that look like credentials; their presence alone refuses the request.
QUERY_TOKEN_PARAMETERS = frozenset({"access_token", "token", "jwt", "id_token", "auth", "authorization", "bearer"})

#: JWS header parameters that would let the token pick its own key, or that we do not implement.
_FORBIDDEN_HEADER_PARAMETERS = ("jku", "x5u", "jwk", "x5c", "b64")
_ACCEPTED_TYPES = frozenset({"jwt", "at+jwt", "application/jwt", "application/at+jwt"})
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
_KID = re.compile(r"^[\x21-\x7e]{1,256}$")  # printable ASCII without spaces, at most 256 characters
_HS256 = "HS256"


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = headers.get(name.lower())
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


class Authenticator:
    """Verifies bearer tokens against the configured key sources. Create once per router; `start()` in lifespan."""

    def __init__(
        self,
        config: AuthConfig,
        *,
        http_client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self._caches = [JwksCache(source, client=http_client, clock=clock) for source in config.jwks]
        self._secret = self._load_secret(config)
        algorithms = {alg for source in config.jwks for alg in source.algorithms}
        if self._secret is not None:
            algorithms.add(_HS256)
        self.algorithms = frozenset(algorithms)
        self._prefix = config.header_prefix.strip().lower()

    @staticmethod
    def _load_secret(config: AuthConfig) -> bytes | None:
        if config.hs256_secret is not None:
            return config.hs256_secret.get_secret_value().encode()
        if config.hs256_secret_file is not None:
            try:
                secret = config.hs256_secret_file.read_text().strip()
            except OSError as exc:
                raise ValueError(f"cannot read hs256_secret_file {config.hs256_secret_file}: {exc}") from exc
            check_hs256_secret(secret, development=config.is_development)
            return secret.encode()
        return None

    @property
    def caches(self) -> tuple[JwksCache, ...]:
        """The key caches, one per JWKS source (for start-up, shutdown and tests)."""
        return tuple(self._caches)

    async def start(self) -> None:
        """Load every key set and start polling."""
        for cache in self._caches:
            await cache.start()

    async def aclose(self) -> None:
        """Stop polling and release HTTP clients."""
        for cache in self._caches:
            await cache.aclose()

    def _invalid(self, message: str) -> AuthenticationError:
        return AuthenticationError("INVALID_TOKEN", message, realm=self.config.realm)

    async def authenticate(self, headers: Mapping[str, str], query_params: Mapping[str, str]) -> Claims | None:
        """The caller's claims, None for an anonymous caller, or `AuthenticationError` (answer 401)."""
        if any(name.lower() in QUERY_TOKEN_PARAMETERS for name in query_params):
            raise self._invalid("tokens are accepted only in the request header, not in the URL")
        value = _header(headers, self.config.header_name)
        if value is None or not value.strip():
            if self.config.require_authentication:
                raise AuthenticationError("UNAUTHENTICATED", "authentication is required", realm=self.config.realm)
            return None
        token = self._token_from_header(value.strip())
        return await self.verify(token)

    def _token_from_header(self, value: str) -> str:
        if len(value) > self.config.max_token_bytes + 64:
            raise self._invalid("token is too large")
        if not self._prefix:
            return value
        parts = value.split(None, 1)
        if len(parts) != 2 or parts[0].lower() != self._prefix:
            raise self._invalid(f"expected '{self.config.header_prefix} <token>'")
        return parts[1].strip()

    async def verify(self, token: str) -> Claims:
        """Verify one compact JWS and return its claims."""
        if len(token.encode()) > self.config.max_token_bytes:
            raise self._invalid("token is too large")
        if not _COMPACT_JWS.match(token):
            raise self._invalid("token is not a signed JWT")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise self._invalid("token header is malformed") from exc
        algorithm = self._check_header(header)
        key, issuers = await self._key_for(algorithm, header)
        try:
            payload: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=[algorithm],
                audience=list(self.config.audiences),
                issuer=list(issuers),
                leeway=self.config.leeway_seconds,
                options={"require": ["exp", "iss", "aud", "sub"], "verify_signature": True},
            )
        except jwt.ExpiredSignatureError as exc:
            raise self._invalid("token has expired") from exc
        except jwt.ImmatureSignatureError as exc:
            raise self._invalid("token is not valid yet") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise self._invalid(f"token lacks the {exc.claim!r} claim") from exc
        except (jwt.InvalidAudienceError, jwt.InvalidIssuerError) as exc:
            raise self._invalid("token was issued by or for someone else") from exc
        except jwt.PyJWTError as exc:
            logger.debug("token refused: %s", exc)
            raise self._invalid("token signature or claims are invalid") from exc
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if not audiences or any(aud not in self.config.audiences for aud in audiences):
            raise self._invalid("token was issued by or for someone else")
        if not isinstance(payload.get("sub"), str) or not payload["sub"]:
            raise self._invalid("token subject must be a non-empty string")
        return claims_from_payload(payload, self.config.scope_claim)

    def _check_header(self, header: Mapping[str, Any]) -> str:
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in self.algorithms:
            raise self._invalid("token algorithm is not accepted")
        for parameter in _FORBIDDEN_HEADER_PARAMETERS:
            if parameter in header:
                raise self._invalid(f"token header parameter {parameter!r} is not accepted")
        if "crit" in header:
            raise self._invalid("token has critical header extensions this router does not support")
        typ = header.get("typ")
        if typ is not None and (not isinstance(typ, str) or typ.lower() not in _ACCEPTED_TYPES):
            raise self._invalid("token type is not accepted")
        kid = header.get("kid")
        if kid is not None and (not isinstance(kid, str) or not _KID.match(kid)):
            raise self._invalid("token key id is malformed")
        return algorithm

    async def _key_for(self, algorithm: str, header: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
        if algorithm == _HS256:
            assert self._secret is not None  # HS256 is in the allow-list only with a secret
            return self._secret, self.config.issuers
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise self._invalid("token has no key id")
        for cache in self._caches:
            if algorithm not in cache.source.algorithms:
                continue
            found: SigningKey | None = await cache.key(kid)
            if found is None:
                continue
            if found.algorithm is not None and found.algorithm != algorithm:
                raise self._invalid("token algorithm does not match its key")
            return found.key, cache.source.issuers or self.config.issuers
        raise self._invalid("token key id is unknown")
