"""Where the relay's bearer token comes from: OAuth 2 client credentials, or (development only) self-signed.

Either way the token asks for the scope `wallet:credit` and is cached until shortly before it expires.
"""

from __future__ import annotations

import time
from typing import Protocol

import httpx

from subgraphs.shared.tokens import mint_hs256_token

#: The scope the wallet requires for `creditWallet`.
CREDIT_SCOPE = "wallet:credit"
_REFRESH_MARGIN_SECONDS = 60


class ServiceTokenSource(Protocol):
    """Gives the relay a valid bearer token."""

    async def token(self) -> str:
        """A token valid for at least a minute."""
        ...


class SelfSignedTokenSource:
    """Development: an HS256 token signed with the development secret (settings refuse this in production)."""

    def __init__(self, *, secret: str, subject: str, issuer: str, audience: str, ttl_seconds: int = 3600) -> None:
        self._secret = secret
        self._subject = subject
        self._issuer = issuer
        self._audience = audience
        self._ttl = ttl_seconds
        self._cached: tuple[str, float] | None = None

    async def token(self) -> str:
        """A cached token, re-minted shortly before it expires."""
        now = time.time()
        if self._cached is None or self._cached[1] - now < _REFRESH_MARGIN_SECONDS:
            token = mint_hs256_token(
                secret=self._secret,
                sub=self._subject,
                scopes=[CREDIT_SCOPE],
                issuer=self._issuer,
                audience=self._audience,
                ttl_seconds=self._ttl,
                service=True,
            )
            self._cached = (token, now + self._ttl)
        return self._cached[0]


class TokenUnavailableError(Exception):
    """The token endpoint did not hand out a token (the delivery is retried later)."""


class ClientCredentialsTokenSource:
    """Production: `grant_type=client_credentials` at the configured token endpoint, HTTP Basic client auth."""

    def __init__(self, *, url: str, client_id: str, client_secret: str, http: httpx.AsyncClient) -> None:
        self._url = url
        self._auth = httpx.BasicAuth(client_id, client_secret)
        self._http = http
        self._cached: tuple[str, float] | None = None

    async def token(self) -> str:
        """A cached token, fetched again shortly before it expires."""
        now = time.time()
        if self._cached is not None and self._cached[1] - now >= _REFRESH_MARGIN_SECONDS:
            return self._cached[0]
        try:
            response = await self._http.post(
                self._url, data={"grant_type": "client_credentials", "scope": CREDIT_SCOPE}, auth=self._auth
            )
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise TokenUnavailableError(f"token endpoint: {type(exc).__name__}") from exc
        token = body.get("access_token") if isinstance(body, dict) else None
        if response.status_code != 200 or not isinstance(token, str):
            raise TokenUnavailableError(f"token endpoint answered HTTP {response.status_code}")
        expires_in = body.get("expires_in", 300)
        lifetime = float(expires_in) if isinstance(expires_in, int | float) else 300.0
        self._cached = (token, now + lifetime)
        return token
