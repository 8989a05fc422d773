"""The I/O seam of authentication: fetching and caching JWK sets (RFC 7517).

One `JwksCache` per configured source. Keys are looked up by `kid` only; the token never chooses where keys come
from (`jku`, `x5u` and embedded `jwk` headers are refused by the authenticator and never fetched here). The cache:

- polls the source every `poll_interval_seconds` (a background task started by `start()`, or lazily on lookup when
  no task runs), replacing the whole key set, so a key removed at the source stops working after the next poll;
- on an unknown `kid`, refetches at most once per `unknown_kid_cooldown_seconds`, single-flight across concurrent
  requests, so a flood of made-up kids costs the identity provider one request per cooldown;
- keeps the last good key set when a fetch fails or yields no usable key (a JWKS outage must not log everybody
  out), and accepts only asymmetric signing keys with a `kid`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from router.auth.config import JwksSource

logger = logging.getLogger(__name__)


class JwksFetchError(Exception):
    """The key set could not be fetched or parsed."""


@dataclass(frozen=True, slots=True)
class SigningKey:
    """One usable key: the cryptography key object and the algorithm the JWK pins, if it names one."""

    kid: str
    key: Any
    algorithm: str | None


def parse_jwks(document: bytes) -> dict[str, SigningKey]:
    """The usable signing keys of a JWKS document, by kid. Unusable entries are skipped, not fatal."""
    try:
        data = json.loads(document)
    except ValueError as exc:
        raise JwksFetchError(f"JWKS is not JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise JwksFetchError("JWKS has no `keys` list")
    keys: dict[str, SigningKey] = {}
    for entry in data["keys"]:
        if not isinstance(entry, dict):
            continue
        kid = entry.get("kid")
        # Symmetric ("oct") keys never come from a JWKS we trust; encryption keys are not signing keys.
        if not isinstance(kid, str) or not kid or entry.get("kty") == "oct" or entry.get("use", "sig") != "sig":
            continue
        if kid in keys:
            logger.warning("JWKS lists kid %r twice; keeping the first", kid)
            continue
        try:
            jwk = jwt.PyJWK(entry)
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            logger.warning("skipping unusable JWK %r: %s", kid, exc)
            continue
        algorithm = entry.get("alg")
        keys[kid] = SigningKey(kid, jwk.key, algorithm if isinstance(algorithm, str) else None)
    if not keys:
        # Most likely a broken deployment, not a deliberate revocation of every key: keep the last good set.
        raise JwksFetchError("JWKS has no usable signing key")
    return keys


class JwksCache:
    """The cached key set of one source, refreshed by polling and (rate-limited) on unknown kids."""

    def __init__(
        self,
        source: JwksSource,
        *,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self._client = client
        self._owns_client = client is None
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._loaded_at: float | None = None  # last successful fetch
        self._attempted_at: float | None = None  # last fetch attempt, successful or not
        self._lock = asyncio.Lock()
        self._poller: asyncio.Task[None] | None = None
        self.fetches = 0  # how many fetches were attempted (tests count them)

    @property
    def kids(self) -> frozenset[str]:
        """The kids currently known."""
        return frozenset(self._keys)

    async def start(self) -> None:
        """Load the keys once (failures are logged, not raised) and poll in the background from now on."""
        await self._refresh(reason="start")
        if self._poller is None:
            self._poller = asyncio.create_task(self._poll_forever(), name=f"jwks-poll {self.source.name}")

    async def aclose(self) -> None:
        """Stop polling and close the HTTP client this cache created."""
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        if self._client is not None and self._owns_client:
            await self._client.aclose()
            self._client = None

    async def key(self, kid: str) -> SigningKey | None:
        """The key with this kid, refreshing when the set is stale or (once per cooldown) when the kid is unknown."""
        now = self._clock()
        if self._poller is None and self._due(now, self.source.poll_interval_seconds):
            await self._refresh(reason="poll", min_age=self.source.poll_interval_seconds)
        found = self._keys.get(kid)
        if found is None and self._attempt_allowed(self._clock()):
            await self._refresh(reason="unknown kid", min_age=self.source.unknown_kid_cooldown_seconds)
            found = self._keys.get(kid)
        return found

    def _due(self, now: float, interval: float) -> bool:
        if self._loaded_at is None or now - self._loaded_at >= interval:
            return self._attempt_allowed(now)
        return False

    def _attempt_allowed(self, now: float) -> bool:
        cooldown = self.source.unknown_kid_cooldown_seconds
        return self._attempted_at is None or now - self._attempted_at >= cooldown

    async def _poll_forever(self) -> None:
        while True:
            await asyncio.sleep(self.source.poll_interval_seconds)
            await self._refresh(reason="poll")

    async def _refresh(self, *, reason: str, min_age: float | None = None) -> None:
        async with self._lock:
            # Single flight: whoever waited for the lock re-checks, since the holder may just have fetched.
            if min_age is not None and self._attempted_at is not None and self._clock() - self._attempted_at < min_age:
                return
            self._attempted_at = self._clock()
            self.fetches += 1
            try:
                keys = parse_jwks(await self._fetch())
            except (JwksFetchError, httpx.HTTPError, OSError) as exc:
                logger.warning(
                    "JWKS %s refresh (%s) failed, keeping %d keys: %s", self.source.name, reason, len(self._keys), exc
                )
                return
            self._keys = keys
            self._loaded_at = self._clock()

    async def _fetch(self) -> bytes:
        if self.source.file is not None:
            data = await asyncio.to_thread(self.source.file.read_bytes)
            if len(data) > self.source.max_bytes:
                raise JwksFetchError("JWKS file is too large")
            return data
        assert self.source.url is not None  # one of url/file, checked by the config
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False)
        async with self._client.stream(
            "GET", self.source.url, timeout=self.source.timeout_seconds, headers={"Accept": "application/json"}
        ) as response:
            if response.status_code != 200:
                raise JwksFetchError(f"JWKS answered HTTP {response.status_code}")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body.extend(chunk)
                if len(body) > self.source.max_bytes:
                    raise JwksFetchError("JWKS document is too large")
            return bytes(body)
