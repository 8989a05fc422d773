"""JWT verification: HS256 with a secret, RS256/ES256 from a JWKS URL, required claims, algorithm allow-list."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from subgraphs.shared.caller import caller_from_claims
from subgraphs.shared.devtoken import main as devtoken_main
from subgraphs.shared.settings import DEV_AUDIENCE, DEV_ISSUER, ServiceSettings
from subgraphs.shared.tokens import TokenRejectedError, TokenVerifier, mint_hs256_token, verifier_from_settings

SECRET = "s" * 40


def hs_verifier() -> TokenVerifier:
    return TokenVerifier(issuer=DEV_ISSUER, audience=DEV_AUDIENCE, algorithms=["HS256"], secret=SECRET)


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {"sub": "alice", "iss": DEV_ISSUER, "aud": DEV_AUDIENCE, "exp": now + 60, "iat": now}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def test_hs256_token_gives_a_caller_with_scopes() -> None:
    token = mint_hs256_token(
        secret=SECRET, sub="bob", scopes=["staff", "wallet:credit"], issuer=DEV_ISSUER, audience=DEV_AUDIENCE
    )
    caller = hs_verifier().verify(token)
    assert caller.sub == "bob"
    assert caller.scopes == {"staff", "wallet:credit"}
    assert caller.is_staff and not caller.is_service
    assert caller.claims["iss"] == DEV_ISSUER


def test_service_claim_marks_a_service() -> None:
    token = mint_hs256_token(
        secret=SECRET, sub="service:giftcard", issuer=DEV_ISSUER, audience=DEV_AUDIENCE, service=True
    )
    caller = hs_verifier().verify(token)
    assert caller.is_service and not caller.is_staff


@pytest.mark.parametrize(
    "bad_claims",
    [
        {"exp": int(time.time()) - 3600},
        {"exp": None},
        {"iss": "someone-else"},
        {"iss": None},
        {"aud": "other"},
        {"aud": None},
        {"sub": None},
        {"sub": ""},
        {"sub": "x" * 256},  # longer than the owner, actor and idempotency-scope columns
        {"sub": "alice\nbob"},
        {"sub": 42},
    ],
)
def test_missing_or_wrong_registered_claims_are_rejected(bad_claims: dict[str, Any]) -> None:
    token = jwt.encode(claims(**bad_claims), SECRET, algorithm="HS256")
    with pytest.raises(TokenRejectedError):
        hs_verifier().verify(token)


def test_leeway_absorbs_small_clock_skew() -> None:
    token = jwt.encode(claims(exp=int(time.time()) - 5), SECRET, algorithm="HS256")
    assert hs_verifier().verify(token).sub == "alice"


def test_wrong_secret_alg_none_and_garbage_are_rejected() -> None:
    with pytest.raises(TokenRejectedError):
        hs_verifier().verify(jwt.encode(claims(), "t" * 40, algorithm="HS256"))
    with pytest.raises(TokenRejectedError):
        hs_verifier().verify(jwt.encode(claims(), "", algorithm="none"))
    with pytest.raises(TokenRejectedError):
        hs_verifier().verify(jwt.encode(claims(), SECRET * 2, algorithm="HS512"))
    with pytest.raises(TokenRejectedError):
        hs_verifier().verify("not.a.token")


@pytest.fixture
def jwks_server() -> Iterator[tuple[str, dict[str, Any]]]:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    keys = {"rsa": rsa_key, "ec": ec_key}
    jwks = {
        "keys": [
            {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key())), "kid": "rsa", "alg": "RS256"},
            {**json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ec_key.public_key())), "kid": "ec", "alg": "ES256"},
        ]
    }
    body = json.dumps(jwks).encode()
    fetches: list[str] = []
    keys["fetches"] = fetches

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fetches.append(self.path)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json", keys
    finally:
        server.shutdown()


def test_rs256_and_es256_from_jwks(jwks_server: tuple[str, dict[str, Any]]) -> None:
    url, keys = jwks_server
    verifier = TokenVerifier(issuer="iss", audience="aud", algorithms=["RS256", "ES256"], jwks_url=url)
    rs = jwt.encode(claims(iss="iss", aud="aud"), keys["rsa"], algorithm="RS256", headers={"kid": "rsa"})
    es = jwt.encode(claims(iss="iss", aud="aud", sub="svc"), keys["ec"], algorithm="ES256", headers={"kid": "ec"})
    assert verifier.verify(rs).sub == "alice"
    assert verifier.verify(es).sub == "svc"
    # A token signed by a key the JWKS does not list, and an HS256 token, are refused.
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims(iss="iss", aud="aud"), other, algorithm="RS256", headers={"kid": "rsa"})
    with pytest.raises(TokenRejectedError):
        verifier.verify(forged)
    with pytest.raises(TokenRejectedError):
        verifier.verify(jwt.encode(claims(iss="iss", aud="aud"), SECRET, algorithm="HS256"))


def test_unknown_key_ids_do_not_flood_the_jwks_endpoint(jwks_server: tuple[str, dict[str, Any]]) -> None:
    url, keys = jwks_server
    verifier = TokenVerifier(issuer="iss", audience="aud", algorithms=["RS256"], jwks_url=url)
    good = jwt.encode(claims(iss="iss", aud="aud"), keys["rsa"], algorithm="RS256", headers={"kid": "rsa"})
    assert verifier.verify(good).sub == "alice"
    for n in range(20):
        forged = jwt.encode(claims(iss="iss", aud="aud"), keys["rsa"], algorithm="RS256", headers={"kid": f"k{n}"})
        with pytest.raises(TokenRejectedError):
            verifier.verify(forged)
    assert verifier.verify(good).sub == "alice"
    assert len(keys["fetches"]) <= 2  # cached key set, refetch cooldown: not one fetch per forged token


def test_caller_scope_parsing_ignores_non_string_scope() -> None:
    assert caller_from_claims({"sub": "a", "scope": ["x"]}).scopes == frozenset()
    assert caller_from_claims({"sub": "a", "scope": " a  b "}).scopes == {"a", "b"}


def test_devtoken_cli_token_verifies_with_the_development_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert devtoken_main(["--sub", "carol", "--scope", "staff wallet:credit", "--dev-dir", str(tmp_path)]) == 0
    token = capsys.readouterr().out.strip()
    secret = (tmp_path / "jwt-secret").read_text().strip()
    assert len(bytes.fromhex(secret)) == 32
    caller = verifier_from_settings(ServiceSettings(dev_dir=tmp_path)).verify(token)
    assert caller.sub == "carol" and caller.scopes == {"staff", "wallet:credit"}
    decoded = jwt.decode(token, options={"verify_signature": False})
    assert 12 * 3600 - 5 <= decoded["exp"] - decoded["iat"] <= 12 * 3600
    # Another dev dir means another secret: the token does not verify there.
    with pytest.raises(TokenRejectedError):
        verifier_from_settings(ServiceSettings(dev_dir=tmp_path / "other")).verify(token)
