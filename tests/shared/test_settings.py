"""Settings: unknown keys refused, env prefix, DATABASE_URL fallback, insecure defaults refused in production."""

from __future__ import annotations

from typing import ClassVar

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from subgraphs.shared.database import normalise_database_url
from subgraphs.shared.settings import ServiceSettings

STRONG = "x" * 40


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_", extra="forbid", frozen=True)
    service_name: ClassVar[str] = "demo"


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError):
        DemoSettings(no_such_setting=1)  # type: ignore[call-arg]


def test_prefixed_environment_and_database_url_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = DemoSettings()
    assert settings.resolved_database_url().endswith(".dev/demo.db")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/shared")
    assert DemoSettings().resolved_database_url() == "postgresql://u@h/shared"
    monkeypatch.setenv("DEMO_DATABASE_URL", "postgresql://u@h/demo")
    monkeypatch.setenv("DEMO_PORT", "4555")
    settings = DemoSettings()
    assert settings.resolved_database_url() == "postgresql://u@h/demo"
    assert settings.port == 4555


def test_short_hs256_secret_is_refused_everywhere() -> None:
    with pytest.raises(ValidationError, match="at least 32"):
        DemoSettings(jwt_secret="short")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "database_url"),
        ({"database_url": "postgresql://db/x"}, "HS256"),
        (
            {"database_url": "postgresql://db/x", "jwt_algorithms": ("RS256",), "jwt_jwks_url": "https://idp/jwks"},
            "jwt_issuer",
        ),
        (
            {
                "database_url": "postgresql://db/x",
                "jwt_algorithms": ("RS256",),
                "jwt_jwks_url": "https://idp/jwks",
                "jwt_issuer": "https://idp",
            },
            "router_secret",
        ),
    ],
)
def test_production_refuses_development_defaults(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        DemoSettings(environment="production", **overrides)  # type: ignore[arg-type]


def test_a_complete_production_configuration_is_accepted() -> None:
    settings = DemoSettings(
        environment="production",
        database_url="postgresql://db/x",
        jwt_algorithms=("RS256", "ES256"),
        jwt_jwks_url="https://idp/jwks",
        jwt_issuer="https://idp",
        router_secret=STRONG,
    )
    assert settings.router_secret_required
    assert not DemoSettings().router_secret_required


def test_alg_none_and_asymmetric_without_jwks_are_refused() -> None:
    with pytest.raises(ValidationError):
        DemoSettings(jwt_algorithms=("none",))
    with pytest.raises(ValidationError):
        DemoSettings(jwt_algorithms=("RS256",))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_are_normalised_to_psycopg(url: str, expected: str) -> None:
    assert normalise_database_url(url) == expected
