"""Settings refusals, manifest shapes and conditional-request parsing: the registry's edges, without a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from registry.domain.errors import RegistryInputError
from registry.domain.manifest import read_manifest
from registry.service.app import if_none_match
from registry.settings import RegistrySettings
from router.sources.registry import parse_graph_ref

TOKEN = "t" * 40


def test_development_generates_a_write_token_once(tmp_path: Path) -> None:
    settings = RegistrySettings(dev_dir=tmp_path, database_url=None)
    token = settings.write_token()
    assert len(token) >= 32 and token == RegistrySettings(dev_dir=tmp_path).write_token()
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'registry.db'}"
    assert settings.port == 4010


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"database_url": "postgresql://db/registry"}, "api_token"),
        ({"api_token": TOKEN, "database_url": None}, "database_url"),
        ({"api_token": "short", "database_url": "postgresql://db/r"}, "at least 32"),
        ({"api_token": TOKEN, "read_token": TOKEN, "database_url": "postgresql://db/r"}, "differ"),
    ],
)
def test_production_refuses_insecure_defaults(overrides: dict[str, str | None], reason: str) -> None:
    # pydantic wraps the InsecureSettingsError (a ValueError) in its ValidationError.
    with pytest.raises(ValueError, match=reason):
        RegistrySettings(environment="production", **overrides)  # type: ignore[arg-type]


def test_production_starts_with_explicit_settings() -> None:
    settings = RegistrySettings(environment="production", api_token=TOKEN, database_url="postgresql://db/r")
    assert settings.write_token() == TOKEN


def test_unknown_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="extra"):
        RegistrySettings(tokens="x")  # type: ignore[call-arg]


def test_apollo_manifest() -> None:
    text = json.dumps(
        {
            "format": "apollo-persisted-query-manifest",
            "version": 1,
            "operations": [{"id": "a", "name": "A", "type": "query", "body": "query A { a }"}],
        }
    )
    assert [(o.name, o.document) for o in read_manifest(text, "m.json")] == [("A", "query A { a }")]


def test_list_and_map_manifests_and_graphql_files() -> None:
    listed = read_manifest(json.dumps([{"name": "B", "document": "query B { b }"}, {"query": "{ c }"}]), "l.json")
    assert [(o.name, o.document) for o in listed] == [("B", "query B { b }"), ("", "{ c }")]
    mapped = read_manifest(json.dumps({"sha256:1": "query D { d }"}), "m.json")
    assert [o.document for o in mapped] == ["query D { d }"]
    assert [o.document for o in read_manifest("query E { e }", "e.graphql")] == ["query E { e }"]


@pytest.mark.parametrize("text", ["{", "42", '[{"name": "x"}]', "[1]", "{}"])
def test_bad_manifests_are_refused(text: str) -> None:
    with pytest.raises(RegistryInputError) as refused:
        read_manifest(text, "bad.json")
    assert refused.value.code == "INVALID_MANIFEST"


@pytest.mark.parametrize(
    ("header", "matches"),
    [(None, False), ('"a"', True), ('"b", "a"', True), ('W/"a"', True), ("*", True), ('"b"', False), ("a", False)],
)
def test_if_none_match(header: str | None, matches: bool) -> None:
    assert if_none_match(header, '"a"') is matches


def test_graph_refs() -> None:
    assert parse_graph_ref("giftgraph@staging") == ("giftgraph", "staging")
    assert parse_graph_ref("giftgraph") == ("giftgraph", "main")
    with pytest.raises(ValueError, match="graph ref"):
        parse_graph_ref("@main")
