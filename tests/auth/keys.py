"""Test keys, tokens and a JWKS server the tests start themselves (a thread on a free port, counting requests)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from tests.support.thread_servers import JsonHandler, serving

ISSUER = "https://issuer.test"
AUDIENCE = "giftgraph"
DEV_SECRET = "0f" * 32  # 64 bytes of hex: long enough, not a known default


@dataclass(frozen=True)
class Key:
    """A private key with its kid and algorithm, and its public JWK."""

    kid: str
    algorithm: str
    private: Any

    @property
    def jwk(self) -> dict[str, Any]:
        public = self.private.public_key()
        encoder = RSAAlgorithm if self.algorithm.startswith(("RS", "PS")) else ECAlgorithm
        data: dict[str, Any] = json.loads(encoder.to_jwk(public))
        return {**data, "kid": self.kid, "use": "sig", "alg": self.algorithm}


def rsa_key(kid: str, algorithm: str = "RS256") -> Key:
    return Key(kid, algorithm, rsa.generate_private_key(public_exponent=65537, key_size=2048))


def ec_key(kid: str) -> Key:
    return Key(kid, "ES256", ec.generate_private_key(ec.SECP256R1()))


def claims(**overrides: Any) -> dict[str, Any]:
    """Valid claims for ISSUER/AUDIENCE, with overrides (value None deletes the claim)."""
    now = int(time.time())
    base: dict[str, Any] = {"sub": "alice", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(
    key: Key,
    payload: dict[str, Any] | None = None,
    *,
    headers: dict[str, Any] | None = None,
    algorithm: str | None = None,
    kid: str | None = "default",
) -> str:
    """A token signed by `key` (its kid unless `kid` is given explicitly; kid=None leaves it out)."""
    header = dict(headers or {})
    if kid == "default":
        header["kid"] = key.kid
    elif kid is not None:
        header["kid"] = kid
    return jwt.encode(payload or claims(), key.private, algorithm=algorithm or key.algorithm, headers=header)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def forge(header: dict[str, Any], payload: dict[str, Any], signature: str = "") -> str:
    """A hand-made compact JWS (for alg=none and other forgeries pyjwt refuses to produce)."""
    return ".".join([b64(json.dumps(header).encode()), b64(json.dumps(payload).encode()), signature])


@dataclass
class JwksServer:
    """Serves a mutable JWK set at /jwks.json and counts the requests it receives."""

    keys: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    port: int = 0
    status: int = 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/jwks.json"


@contextmanager
def jwks_server(*keys: Key) -> Iterator[JwksServer]:
    """Start a JWKS server on a free port in a thread; stop it afterwards."""
    state = JwksServer(keys=[k.jwk for k in keys])

    class Handler(JsonHandler):
        def do_GET(self) -> None:
            state.requests += 1
            self.send_json(state.status, {"keys": state.keys})

    with serving(Handler) as port:
        state.port = port
        yield state
