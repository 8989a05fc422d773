"""Key rotation against a JWKS server the test starts: new keys after the cooldown, removed keys after the next
poll, and unknown kids costing at most one fetch per cooldown (counted at the server)."""

from __future__ import annotations

import asyncio
import json
import secrets
from pathlib import Path

import pytest

from router.auth.authenticate import Authenticator
from router.auth.claims import Claims
from router.auth.config import AuthConfig, JwksSource
from router.auth.errors import AuthenticationError
from tests.auth.keys import AUDIENCE, ISSUER, JwksServer, Key, jwks_server, rsa_key, sign


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def config(server: JwksServer, *, poll: float, cooldown: float) -> AuthConfig:
    source = JwksSource(
        url=server.url, algorithms=("RS256",), poll_interval_seconds=poll, unknown_kid_cooldown_seconds=cooldown
    )
    return AuthConfig(jwks=[source], issuers=[ISSUER], audiences=[AUDIENCE])


async def accepted(authenticator: Authenticator, key: Key, kid: str | None = None) -> bool:
    token = sign(key, kid=kid or key.kid)
    try:
        return await authenticator.authenticate({"Authorization": f"Bearer {token}"}, {}) == Claims("alice")
    except AuthenticationError as exc:
        assert exc.code == "INVALID_TOKEN"
        return False


def test_rotation_with_cooldown_and_polling() -> None:
    old, new = rsa_key("old"), rsa_key("new")
    clock = FakeClock()

    async def scenario(server: JwksServer) -> None:
        authenticator = Authenticator(config(server, poll=60, cooldown=10), clock=clock)
        assert await accepted(authenticator, old)
        assert server.requests == 1

        server.keys.append(new.jwk)  # the identity provider publishes a new key
        clock.now += 1
        assert not await accepted(authenticator, new), "a fetch inside the cooldown"
        assert server.requests == 1

        # A flood of made-up kids inside the cooldown: no fetch at all.
        flood = [accepted(authenticator, old, kid=secrets.token_hex(8)) for _ in range(50)]
        assert not any(await asyncio.gather(*flood))
        assert server.requests == 1

        clock.now += 10  # cooldown over: the unknown kid triggers exactly one fetch, and the new key works
        assert await accepted(authenticator, new)
        assert server.requests == 2

        # After the next cooldown, 50 concurrent unknown kids: one fetch (single flight), all refused.
        clock.now += 11
        flood = [accepted(authenticator, old, kid=secrets.token_hex(8)) for _ in range(50)]
        assert not any(await asyncio.gather(*flood))
        assert server.requests == 3

        server.keys = [new.jwk]  # the old key is withdrawn
        clock.now += 30
        assert await accepted(authenticator, old), "still cached until the next poll"
        assert server.requests == 3
        clock.now += 31  # 61 s after the last fetch: the poll is due
        assert not await accepted(authenticator, old)
        assert await accepted(authenticator, new)
        assert server.requests == 4
        assert authenticator.caches[0].fetches == server.requests
        await authenticator.aclose()

    with jwks_server(old) as server:
        asyncio.run(scenario(server))


def test_background_poll_drops_a_removed_key() -> None:
    old, new = rsa_key("old"), rsa_key("new")

    async def scenario(server: JwksServer) -> None:
        authenticator = Authenticator(config(server, poll=1.0, cooldown=5.0))
        await authenticator.start()
        try:
            assert server.requests == 1
            server.keys = [new.jwk]
            assert await accepted(authenticator, old), "cached until the next poll"
            await asyncio.sleep(1.4)
            assert server.requests == 2, "the background poll ran once"
            assert not await accepted(authenticator, old)
            assert await accepted(authenticator, new)
            assert server.requests == 2, "no token-triggered fetch was needed"
        finally:
            await authenticator.aclose()

    with jwks_server(old) as server:
        asyncio.run(scenario(server))


def test_a_failing_jwks_keeps_the_last_good_keys() -> None:
    key, other = rsa_key("k"), rsa_key("other")
    clock = FakeClock()

    async def scenario(server: JwksServer) -> None:
        authenticator = Authenticator(config(server, poll=60, cooldown=10), clock=clock)
        assert await accepted(authenticator, key)
        server.status = 500
        clock.now += 61
        assert await accepted(authenticator, key), "an outage keeps the last good keys"
        server.status = 200
        server.keys = [{"kty": "RSA", "kid": "broken", "n": "!!", "e": "AQAB"}, {"kty": "oct", "kid": "k", "k": "AAAA"}]
        clock.now += 61
        assert await accepted(authenticator, key), "a set without one usable key is an error, not a revocation"
        server.keys = [other.jwk]
        clock.now += 61
        assert not await accepted(authenticator, key), "a usable set without `k` replaces the old one"
        assert await accepted(authenticator, other)
        assert server.requests == 4
        await authenticator.aclose()

    with jwks_server(key) as server:
        asyncio.run(scenario(server))


@pytest.mark.parametrize(
    "document", [b"not json", b'{"keys": "x"}', b"[]", b'{"keys": [{"kty": "oct", "kid": "a", "k": "AAAA"}]}']
)
def test_unparseable_jwks_is_a_fetch_error(document: bytes) -> None:
    from router.auth.jwks import JwksFetchError, parse_jwks

    with pytest.raises(JwksFetchError):
        parse_jwks(document)


def test_a_local_jwks_file_is_read_and_re_read_at_the_next_poll(tmp_path: Path) -> None:
    old, new = rsa_key("old"), rsa_key("new")
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [old.jwk]}))
    clock = FakeClock()
    source = JwksSource(file=path, algorithms=("RS256",), poll_interval_seconds=60, unknown_kid_cooldown_seconds=10)
    config = AuthConfig(jwks=[source], issuers=[ISSUER], audiences=[AUDIENCE])

    async def scenario() -> None:
        authenticator = Authenticator(config, clock=clock)
        assert await accepted(authenticator, old)
        path.write_text(json.dumps({"keys": [new.jwk]}))
        assert await accepted(authenticator, old), "cached until the next poll"
        clock.now += 61
        assert not await accepted(authenticator, old)
        assert await accepted(authenticator, new)
        await authenticator.aclose()

    asyncio.run(scenario())
