"""AuthConfig refuses insecure and inconsistent settings at validation time (before a router could start)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from router.auth.authenticate import Authenticator
from router.auth.config import AuthConfig, JwksSource, PolicyRule

PROD: dict[str, Any] = {
    "environment": "production",
    "jwks": [{"url": "https://idp.example/jwks.json"}],
    "issuers": ["https://idp.example/"],
}


def test_secure_production_config_is_accepted() -> None:
    config = AuthConfig.model_validate(PROD)
    assert config.jwks[0].algorithms == ("RS256", "ES256")
    assert config.leeway_seconds <= 60


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hs256_secret": "short"}, "at least 32 bytes"),
        ({"environment": "development", "hs256_secret": "x" * 31}, "at least 32 bytes"),
        ({"hs256_secret": "your-256-bit-secret-your-256-bit"}, "development only"),
        ({"hs256_secret": "0123456789abcdef0123456789abcdef"}, "well-known default"),
        ({"hs256_secret_file": "/tmp/secret"}, "development only"),
        ({"jwks": [{"url": "https://idp.example/jwks.json", "algorithms": ["HS256"]}]}, "asymmetric"),
        ({"jwks": [{"url": "https://idp.example/jwks.json", "algorithms": ["none"]}]}, "asymmetric"),
        ({"jwks": [{"url": "http://idp.example/jwks.json"}]}, "plain http"),
        ({"jwks": [{"url": "ftp://idp.example/jwks.json"}]}, "http"),
        ({"jwks": [{"url": "https://a/j", "file": "/tmp/j"}]}, "exactly one"),
        ({"jwks": [], "require_authentication": True}, "needs a key source"),
        ({"issuers": ["giftgraph-dev"]}, "development issuer"),
        ({"issuers": []}, "at least 1"),
        ({"leeway_seconds": 61}, "less than or equal to 60"),
        ({"max_token_bytes": 10_000_000}, "less than or equal"),
        ({"unknown_key": 1}, "Extra inputs"),
        ({"jwks": [{"url": "https://a/j", "issuers": ["https://other/"]}]}, "not in `issuers`"),
        ({"subgraphs": {"wallet": {"secret": "too-short"}}}, "at least 32 bytes"),
        ({"policies": {"staff": {"claim": "roles"}}}, "exactly one of"),
        ({"policies": {"staff": {"claim": "roles", "contains": "a", "equals": "b"}}}, "exactly one of"),
    ],
)
def test_insecure_or_inconsistent_settings_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        AuthConfig.model_validate({**PROD, **overrides})


def test_development_allows_the_conveniences(tmp_path: Path) -> None:
    secret_file = tmp_path / "jwt-secret"
    secret_file.write_text("ab" * 32 + "\n")
    config = AuthConfig(
        environment="development",
        hs256_secret_file=secret_file,
        jwks=[JwksSource(url="http://idp.internal/jwks.json")],
        issuers=["dev"],
    )
    assert Authenticator(config).algorithms == {"HS256", "RS256", "ES256"}
    secret_file.write_text("short\n")
    with pytest.raises(ValueError, match="at least 32 bytes"):
        Authenticator(config)


def test_production_is_the_default_and_may_have_no_key_source() -> None:
    """A public graph: every caller anonymous, every token refused (no algorithm is accepted)."""
    config = AuthConfig()
    assert not config.is_development
    assert Authenticator(config).algorithms == frozenset()
    with pytest.raises(ValidationError, match="development only"):
        AuthConfig(hs256_secret="a-long-enough-but-production-secret-0123456789")


def test_loopback_jwks_over_http_is_fine_in_production() -> None:
    config = AuthConfig.model_validate({**PROD, "jwks": [{"url": "http://127.0.0.1:8080/jwks.json"}]})
    assert config.jwks[0].url == "http://127.0.0.1:8080/jwks.json"


def test_policies_accept_one_rule_or_a_list() -> None:
    config = AuthConfig.model_validate(
        {"policies": {"staff": {"claim": "roles", "contains": "staff"}, "both": [{"claim": "a", "exists": True}]}}
    )
    assert config.policies["staff"] == (PolicyRule(claim="roles", contains="staff"),)
    assert len(config.policies["both"]) == 1


def test_subgraph_headers_carry_the_router_secret() -> None:
    secret = "s" * 40
    config = AuthConfig.model_validate({"subgraphs": {"wallet": {"secret": secret}}})
    assert config.subgraph_headers("wallet") == {"X-Router-Secret": secret}
    assert config.subgraph_headers("giftcard") == {}
    assert secret not in repr(config), "secrets never show in logs"
