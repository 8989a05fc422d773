"""Router settings: YAML file, environment overrides, unknown keys refused, insecure production refused."""

from __future__ import annotations

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


def test_development_defaults() -> None:
    settings = RouterSettings()
    assert settings.environment == "development"
    assert settings.introspection_enabled and settings.graphiql_enabled
    assert settings.auth.is_development


def test_production_turns_conveniences_off_and_refuses_insecure_settings(tmp_path: Path) -> None:
    jwks = {"jwks": [{"file": str(tmp_path / "jwks.json")}], "issuers": ["https://issuer.example"]}
    production = RouterSettings(environment="production", auth=jwks)
    assert not production.introspection_enabled and not production.graphiql_enabled
    assert not production.auth.is_development, "auth follows the router's environment"
    with pytest.raises(ValidationError, match="JWKS"):
        RouterSettings(environment="production")
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
