"""The attack list of issue 6 against the Authenticator: every forged or unacceptable token is INVALID_TOKEN.

Keys are served by a JWKS server the test starts; an attacker's JWKS server counts the requests it gets (none, ever).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from router.auth.authenticate import Authenticator
from router.auth.claims import Claims
from router.auth.config import AuthConfig, JwksSource
from router.auth.errors import AuthenticationError
from tests.auth.keys import (
    AUDIENCE,
    DEV_SECRET,
    ISSUER,
    JwksServer,
    Key,
    b64,
    claims,
    ec_key,
    forge,
    jwks_server,
    rsa_key,
    sign,
    unb64,
)

LEEWAY = 30


@dataclass
class World:
    good: Key  # RS256, served by the trusted JWKS
    ec: Key  # ES256, served by the trusted JWKS
    attacker: Key  # never served by the trusted JWKS
    trusted: JwksServer
    evil: JwksServer  # the attacker's JWKS server (serves `attacker`)

    def config(self, **overrides: Any) -> AuthConfig:
        values: dict[str, Any] = {
            "jwks": [JwksSource(url=self.trusted.url, algorithms=("RS256", "ES256"))],
            "issuers": [ISSUER],
            "audiences": [AUDIENCE],
            "leeway_seconds": LEEWAY,
        }
        values.update(overrides)
        return AuthConfig(**values)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    good, ec, attacker = rsa_key("good"), ec_key("ec1"), rsa_key("evil")
    with jwks_server(good, ec) as trusted, jwks_server(attacker) as evil:
        yield World(good, ec, attacker, trusted, evil)


def authenticate(config: AuthConfig, token: str | None, *, query: dict[str, str] | None = None) -> Claims | None:
    headers = {"authorization": f"Bearer {token}"} if token is not None else {}

    async def run() -> Claims | None:
        authenticator = Authenticator(config)
        try:
            return await authenticator.authenticate(headers, query or {})
        finally:
            await authenticator.aclose()

    return asyncio.run(run())


def flip_bit(token: str, part: int, byte: int, bit: int) -> str:
    pieces = token.split(".")
    raw = bytearray(unb64(pieces[part]))
    raw[byte % len(raw)] ^= 1 << bit
    pieces[part] = b64(bytes(raw))
    return ".".join(pieces)


def public_pem(key: Key) -> bytes:
    pem: bytes = key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem


def hs256(secret: bytes, payload: dict[str, Any], header: dict[str, Any]) -> str:
    """HS256 by hand: pyjwt rightly refuses to HMAC with a PEM key, an attacker does not."""
    import hashlib
    import hmac

    signing_input = f"{b64(json.dumps({'alg': 'HS256', **header}).encode())}.{b64(json.dumps(payload).encode())}"
    return signing_input + "." + b64(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())


def other_signature(w: World) -> str:
    """A valid token's body with the signature of a different (valid) token."""
    first, second = sign(w.good, claims(sub="alice")), sign(w.good, claims(sub="mallory"))
    return ".".join(first.split(".")[:2] + second.split(".")[2:])


# Each attack: (name, token factory, config overrides). All must end in INVALID_TOKEN.
ATTACKS: list[tuple[str, Callable[[World], str], dict[str, Any]]] = [
    *[
        (f"alg {alg!r}, signature {sig!r}", lambda w, a=alg, s=sig: forge({"alg": a, "kid": "good"}, claims(), s), {})
        for alg in ("none", "None", "NONE", "nOnE", "none ", "")
        for sig in ("", "AAAA")
    ],
    ("HS256 signed with the RSA public key", lambda w: hs256(public_pem(w.good), claims(), {"kid": "good"}), {}),
    (
        "HS256 signed with the RSA public key, dev secret configured",
        lambda w: hs256(public_pem(w.good), claims(), {"kid": "good"}),
        {"hs256_secret": DEV_SECRET, "environment": "development"},
    ),
    ("RS512 outside the allow-list", lambda w: sign(w.good, algorithm="RS512"), {}),
    ("PS256 outside the allow-list", lambda w: sign(w.good, algorithm="PS256"), {}),
    (
        "ES256 with a source that allows RS256 only",
        lambda w: sign(w.ec),
        {"jwks": [JwksSource(url="http://127.0.0.1:9/x", algorithms=("RS256",))]},
    ),
    (
        "HS384 with the dev secret",
        lambda w: jwt.encode(claims(), DEV_SECRET, algorithm="HS384"),
        {"hs256_secret": DEV_SECRET, "environment": "development"},
    ),
    ("stripped signature", lambda w: sign(w.good).rsplit(".", 1)[0] + ".", {}),
    ("no signature part", lambda w: sign(w.good).rsplit(".", 1)[0], {}),
    ("truncated signature", lambda w: sign(w.good)[:-12], {}),
    ("signature of another token", other_signature, {}),
    ("signed by a foreign key with our kid", lambda w: sign(w.attacker, kid="good"), {}),
    *[
        (
            f"bit {bit} of byte {byte} flipped in {'header' if part == 0 else 'payload'}",
            lambda w, p=part, by=byte, bi=bit: flip_bit(sign(w.good), p, by, bi),
            {},
        )
        for part in (0, 1)
        for byte in (3, 11, 25, -2)
        for bit in (0, 5)
    ],
    ("unknown kid", lambda w: sign(w.attacker), {}),
    ("missing kid", lambda w: sign(w.good, kid=None), {}),
    ("path traversal kid", lambda w: sign(w.good, kid="../../../../dev/null"), {}),
    ("SQL injection kid", lambda w: sign(w.good, kid="x' UNION SELECT 'secret' --"), {}),
    ("kid with a NUL byte", lambda w: sign(w.good, kid="good\x00"), {}),
    ("kid that is not a string", lambda w: forge({"alg": "RS256", "kid": ["good"]}, claims(), "AAAA"), {}),
    ("10 kB kid", lambda w: sign(w.good, kid="k" * 10_240), {"max_token_bytes": 64 * 1024}),
    ("10 kB kid, default size limit", lambda w: sign(w.good, kid="k" * 10_240), {}),
    ("jku to the attacker's JWKS", lambda w: sign(w.attacker, headers={"jku": w.evil.url}), {}),
    ("jku to the attacker's JWKS, our kid", lambda w: sign(w.attacker, kid="good", headers={"jku": w.evil.url}), {}),
    ("x5u to the attacker", lambda w: sign(w.attacker, headers={"x5u": w.evil.url}), {}),
    ("embedded jwk of the attacker", lambda w: sign(w.attacker, headers={"jwk": w.attacker.jwk}), {}),
    (
        "embedded jwk, our kid",
        lambda w: sign(w.attacker, kid="good", headers={"jwk": {**w.attacker.jwk, "kid": "good"}}),
        {},
    ),
    ("x5c chain", lambda w: sign(w.good, headers={"x5c": ["MIIB"]}), {}),
    ("exp past the leeway", lambda w: sign(w.good, claims(exp=int(time.time()) - LEEWAY - 5)), {}),
    ("exp missing", lambda w: sign(w.good, claims(exp=None)), {}),
    ("exp not a number", lambda w: sign(w.good, claims(exp="tomorrow")), {}),
    ("nbf in the future", lambda w: sign(w.good, claims(nbf=int(time.time()) + LEEWAY + 60)), {}),
    ("iat in the future", lambda w: sign(w.good, claims(iat=int(time.time()) + LEEWAY + 600)), {}),
    ("wrong iss", lambda w: sign(w.good, claims(iss="https://evil.test")), {}),
    ("missing iss", lambda w: sign(w.good, claims(iss=None)), {}),
    ("wrong aud", lambda w: sign(w.good, claims(aud="someone-else")), {}),
    ("missing aud", lambda w: sign(w.good, claims(aud=None)), {}),
    ("audience list with a foreign audience", lambda w: sign(w.good, claims(aud=[AUDIENCE, "someone-else"])), {}),
    ("empty audience list", lambda w: sign(w.good, claims(aud=[])), {}),
    ("missing sub", lambda w: sign(w.good, claims(sub=None)), {}),
    ("empty sub", lambda w: sign(w.good, claims(sub="")), {}),
    ("typ JWE", lambda w: sign(w.good, headers={"typ": "JWE"}), {}),
    ("typ dpop+jwt", lambda w: sign(w.good, headers={"typ": "dpop+jwt"}), {}),
    ("typ not a string", lambda w: sign(w.good, headers={"typ": 1}), {}),
    ("crit unknown", lambda w: sign(w.good, headers={"crit": ["urn:example:x"], "urn:example:x": 1}), {}),
    ("crit b64", lambda w: sign(w.good, headers={"crit": ["b64"], "b64": True}), {}),
    ("oversized token", lambda w: sign(w.good, claims(padding="x" * 9_000)), {}),
    ("five-part JWE shape", lambda w: sign(w.good) + ".AAAA.BBBB", {}),
    ("not base64", lambda w: "eyJ!.eyJ$.sig", {}),
    ("header not JSON", lambda w: b64(b"{nope") + "." + sign(w.good).split(".", 1)[1], {}),
]


@pytest.mark.parametrize(("name", "make", "overrides"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_attack_is_refused(world: World, name: str, make: Callable[[World], str], overrides: dict[str, Any]) -> None:
    token = make(world)
    with pytest.raises(AuthenticationError) as refused:
        authenticate(world.config(**overrides), token)
    assert refused.value.code == "INVALID_TOKEN", name
    assert refused.value.status_code == 401
    assert refused.value.www_authenticate.startswith('Bearer realm="giftgraph", error="invalid_token"')
    assert world.evil.requests == 0, "the attacker's key server was contacted"


@pytest.mark.parametrize("parameter", ["access_token", "token", "jwt", "Access_Token"])
def test_token_in_the_query_string_is_refused(world: World, parameter: str) -> None:
    valid = sign(world.good)
    for header in (None, valid):
        with pytest.raises(AuthenticationError) as refused:
            authenticate(world.config(), header, query={parameter: valid})
        assert refused.value.code == "INVALID_TOKEN"


@pytest.mark.parametrize("value", ["Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearer a b", "Token abc.def.ghi"])
def test_malformed_authorization_header_is_refused(world: World, value: str) -> None:
    async def run() -> None:
        authenticator = Authenticator(world.config())
        await authenticator.authenticate({"Authorization": value}, {})

    with pytest.raises(AuthenticationError) as refused:
        asyncio.run(run())
    assert refused.value.code == "INVALID_TOKEN"


def test_the_controls_are_accepted(world: World) -> None:
    """The same keys and claims, unforged, pass: the refusals above are about the forgeries, not the set-up."""
    assert authenticate(world.config(), sign(world.good)) == Claims("alice")
    assert authenticate(world.config(), sign(world.ec)) == Claims("alice")
    scoped = authenticate(
        world.config(), sign(world.good, claims(scope="a b", aud=[AUDIENCE]), headers={"typ": "at+jwt"})
    )
    assert scoped == Claims("alice", frozenset({"a", "b"}))
    near = authenticate(world.config(), sign(world.good, claims(exp=int(time.time()) - LEEWAY + 10)))
    assert near is not None  # inside the leeway
    dev = jwt.encode(claims(), DEV_SECRET, algorithm="HS256")
    assert authenticate(world.config(hs256_secret=DEV_SECRET, environment="development"), dev) == Claims("alice")
    listed = authenticate(world.config(scope_claim="scp"), sign(world.good, claims(scp=["x", "y"])))
    assert listed is not None and listed.scopes == {"x", "y"}


def test_anonymous_unless_required(world: World) -> None:
    assert authenticate(world.config(), None) is None
    with pytest.raises(AuthenticationError) as refused:
        authenticate(world.config(require_authentication=True), None)
    assert refused.value.code == "UNAUTHENTICATED"
    assert refused.value.www_authenticate == 'Bearer realm="giftgraph"'
