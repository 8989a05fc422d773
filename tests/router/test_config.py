"""Router settings: YAML file, environment overrides, unknown keys refused, production by default, insecure refused."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from pydantic import ValidationError

from router.config import RouterSettings, load_settings


def test_yaml_then_environment_then_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "router.yaml"
    config.write_text(
        "listen:\n  port: 4100\nlimits:\n  max_depth: 12\n  max_aliases: 3\n"
        "subgraphs:\n  accounts:\n    url: http://accounts:4001/graphql\n    headers: {x-team: a}\n"
    )
    monkeypatch.setenv("ROUTER_LIMITS__MAX_DEPTH", "20")
    settings = load_settings(config, {"listen": {"port": 4200}})
    assert type(settings) is RouterSettings
    assert settings.listen.port == 4200
    assert settings.limits.max_depth == 20
    assert settings.limits.max_aliases == 3
    assert settings.subgraphs["accounts"].headers == {"x-team": "a"}


def test_unknown_keys_are_errors(tmp_path: Path) -> None:
    config = tmp_path / "router.yaml"
    config.write_text("limits:\n  max_dept: 3\n")
    with pytest.raises(ValidationError, match="max_dept"):
        load_settings(config)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_settings(tmp_path / "nope.yaml")


def test_production_is_the_default_and_development_is_asked_for() -> None:
    settings = RouterSettings()
    assert settings.environment == "production"
    assert not settings.introspection_enabled and not settings.graphiql_enabled
    assert not settings.auth.is_development and not settings.auth.jwks, "anonymous-only: a public graph may start"
    development = RouterSettings(environment="development")
    assert development.introspection_enabled and development.graphiql_enabled
    assert development.auth.is_development


def test_serve_dev_flag_and_devstack_config_mean_development() -> None:
    from router.server.command import _overrides, add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert load_settings(None, _overrides(parser.parse_args(["--dev"]))).environment == "development"
    assert load_settings(None, _overrides(parser.parse_args([]))).environment == "production"
    devstack = Path(__file__).resolve().parents[2] / "devstack" / "router.yaml"
    assert load_settings(devstack).environment == "development"


def test_hs256_is_refused_without_development() -> None:
    secret = {"hs256_secret": "a-long-enough-but-production-secret-0123456789"}
    with pytest.raises(ValidationError, match="development only"):
        RouterSettings(auth=secret)
    assert RouterSettings(environment="development", auth=secret).auth.is_development


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"Content-Length": "0"}, "set by the HTTP client"),
        ({"host": "elsewhere"}, "set by the HTTP client"),
        ({"x-a": "one\r\nx-b: two"}, "one line"),
        ({"x-a": "\u20ac"}, "latin-1"),
        ({"x a": "b"}, "header name"),
    ],
)
def test_static_headers_are_checked_at_start_up(headers: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        RouterSettings(traffic={"headers": headers})
    with pytest.raises(ValidationError, match=message):
        RouterSettings(subgraphs={"accounts": {"headers": headers}})


def test_production_turns_conveniences_off_and_refuses_insecure_settings(tmp_path: Path) -> None:
    jwks = {"jwks": [{"file": str(tmp_path / "jwks.json")}], "issuers": ["https://issuer.example"]}
    production = RouterSettings(environment="production", auth=jwks)
    assert not production.introspection_enabled and not production.graphiql_enabled
    assert not production.auth.is_development, "auth follows the router's environment"
    with pytest.raises(ValidationError, match="allow_credentials"):
        RouterSettings(
            environment="production",
            auth=jwks,
            cors={"allow_origins": ["*"], "allow_credentials": True},
        )
    with pytest.raises(ValidationError, match="development"):
        RouterSettings(environment="production", auth={**jwks, "environment": "development"})


def test_one_supergraph_source_only() -> None:
    with pytest.raises(ValidationError, match="either"):
        RouterSettings(supergraph={"file": "a.graphql", "compose": "supergraph.yaml"})


def test_errors_never_echo_secrets() -> None:
    secret = "a-long-enough-production-secret-0123456789"
    with pytest.raises(ValidationError) as refused:
        RouterSettings(auth={"hs256_secret": secret, "subgraphs": {"a": {"secret": "short-router-secret"}}})
    message = str(refused.value)
    assert "development only" in message and "router serve --dev" in message
    assert secret[:6] not in message and "short-router" not in message
