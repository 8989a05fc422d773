"""`router compose`: rover's supergraph.yaml in, the supergraph or the errors out (file, inline, subgraph_url)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from router.sources.supergraph_config import ConfigError, parse_supergraph_config

from .corpus import FED2

REPO = Path(__file__).resolve().parents[2]
USERS = FED2.format(minor=3) + 'type User @key(fields: "id") { id: ID! name: String }\ntype Query { me: User }\n'
REVIEWS = FED2.format(minor=3) + 'type User @key(fields: "id") { id: ID! reviews: [String] }\n'


def _router(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "router", "compose", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), **(env or {})},
        timeout=60,
    )


@pytest.fixture
def sdl_server() -> Iterator[str]:
    """A real HTTP server answering `{ _service { sdl } }` with the reviews SDL, checking the header."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = json.loads(self.rfile.read(length))
            ok = "_service" in body["query"] and self.headers.get("x-token") == "t0k"
            payload = {"data": {"_service": {"sdl": REVIEWS}}} if ok else {"errors": [{"message": "no"}]}
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/graphql"
    server.shutdown()


def test_compose_files_inline_and_subgraph_url(tmp_path: Path, sdl_server: str) -> None:
    (tmp_path / "users.graphql").write_text(USERS)
    config = tmp_path / "supergraph.yaml"
    config.write_text(
        "federation_version: =2.9.0\n"
        "subgraphs:\n"
        "  users:\n    routing_url: ${env.USERS_URL}\n    schema:\n      file: ./users.graphql\n"
        f"  reviews:\n    routing_url: http://reviews\n    schema:\n      subgraph_url: {sdl_server}\n"
        "      introspection_headers:\n        x-token: t0k\n"
        "  extra:\n    routing_url: http://extra\n    schema:\n      sdl: 'type Query { ping: Int }'\n"
    )
    out = tmp_path / "supergraph.graphql"
    completed = _router("--config", str(config), "-o", str(out), env={"USERS_URL": "http://users:4001"})
    assert completed.returncode == 0, completed.stderr
    sdl = out.read_text()
    assert 'USERS @join__graph(name: "users", url: "http://users:4001")' in sdl
    assert "reviews: [String] @join__field(graph: REVIEWS)" in sdl
    assert "ping: Int @join__field(graph: EXTRA)" in sdl


def test_composition_errors_exit_1_as_json(tmp_path: Path) -> None:
    config = tmp_path / "supergraph.yaml"
    bad = USERS.replace('fields: "id"', 'fields: "nope"')
    config.write_text(f"subgraphs:\n  users:\n    routing_url: http://u\n    schema:\n      sdl: {json.dumps(bad)}\n")
    completed = _router("--config", str(config), "--format", "json")
    assert completed.returncode == 1
    errors = json.loads(completed.stdout)["errors"]
    assert [e["code"] for e in errors] == ["KEY_INVALID_FIELDS"]
    assert errors[0]["subgraph"] == "users" and errors[0]["locations"]


def test_unknown_keys_and_missing_env_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="extra"):
        parse_supergraph_config("subgraphs:\n  a:\n    routing_url: x\n    schema: {sdl: s}\n    colour: red\n", {})
    with pytest.raises(ConfigError, match="NOPE"):
        parse_supergraph_config("subgraphs:\n  a:\n    routing_url: ${env.NOPE}\n    schema: {sdl: s}\n", {})
    with pytest.raises(ConfigError, match="exactly one"):
        parse_supergraph_config("subgraphs:\n  a:\n    routing_url: x\n    schema: {sdl: s, file: f}\n", {})
    config = tmp_path / "supergraph.yaml"
    config.write_text("subgraphs:\n  a:\n    routing_url: x\n    schema: {file: missing.graphql}\n")
    completed = _router("--config", str(config))
    assert completed.returncode == 2
    assert "cannot read" in completed.stderr and "Traceback" not in completed.stderr


def test_env_default_expansion() -> None:
    config = parse_supergraph_config(
        "subgraphs:\n  a:\n    routing_url: ${env.U:-http://d}\n    schema: {sdl: s}\n", {}
    )
    assert config.subgraphs["a"].url == "http://d"
