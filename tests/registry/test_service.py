"""The registry as CI uses it: a real `python -m registry` process on a free port, driven by the `registry` CLI.

Also the HTTP contract the CLI and routers rely on: coded errors with HTTP statuses, tokens, ETag/304, and the
router's registry client against the real service.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from router.sources.registry import Fetched, NotModified, RegistryFetchError, RegistrySource, RegistrySupergraphClient
from router.supergraph import load_supergraph
from tests.registry.schemas import LINK, USERS, USERS_URL, WALLET, WALLET_URL, edit
from tests.support.postgres import temporary_database
from tests.support.processes import ServerProcess, free_port, python_module

WRITE = "write-token-" + "w" * 32
READ = "read-token-" + "r" * 32
MANIFEST = {
    "format": "apollo-persisted-query-manifest",
    "version": 1,
    "operations": [
        {"id": "1", "name": "Balance", "type": "query", "body": 'query Balance { wallet(id: "1") { id balance } }'},
        {"id": "2", "name": "Me", "type": "query", "body": "query Me { me { id name } }"},
    ],
}


@dataclass
class Registry:
    """A running registry and a working directory for CI files."""

    url: str
    workdir: Path

    def cli(self, *args: str, token: str = WRITE) -> subprocess.CompletedProcess[str]:
        env = {"REGISTRY_URL": self.url, "REGISTRY_TOKEN": token, "PATH": "/usr/bin:/bin"}
        return subprocess.run(
            [sys.executable, "-m", "registry.cli", *args],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def file(self, name: str, text: str) -> str:
        path = self.workdir / name
        path.write_text(text, encoding="utf-8")
        return str(path)


def start_registry(tmp: Path, database_url: str) -> ServerProcess:
    port = free_port()
    env = {
        "REGISTRY_PORT": str(port),
        "REGISTRY_DATABASE_URL": database_url,
        "REGISTRY_DEV_DIR": str(tmp),
        "REGISTRY_API_TOKEN": WRITE,
        "REGISTRY_READ_TOKEN": READ,
        "REGISTRY_MAX_BODY_BYTES": "200000",
    }
    process = ServerProcess(python_module("registry", "serve", "--migrate"), port, env, log_path=tmp / "registry.log")
    return process.start(timeout=60)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    tmp = tmp_path_factory.mktemp("registry")
    process = start_registry(tmp, f"sqlite:///{tmp / 'registry.db'}")
    try:
        yield Registry(process.url, tmp)
    finally:
        process.stop()


def ci_flow(registry: Registry, graph: str) -> None:
    """What a CI pipeline does: publish two subgraphs, upload operations, check a breaking and a safe change."""
    ref = f"{graph}@main"
    wallet = registry.cli("publish", "--graph", ref, "--name", "wallet", "--url", WALLET_URL, "--schema",
                          registry.file("wallet.graphql", WALLET))  # fmt: skip
    assert wallet.returncode == 0, wallet.stderr
    assert "Published wallet revision 1" in wallet.stdout
    users = registry.cli("publish", "--graph", graph, "--variant", "main", "--name", "users", "--url", USERS_URL,
                         "--schema", registry.file("users.graphql", USERS))  # fmt: skip
    assert users.returncode == 0, users.stderr
    assert "supergraph launch 2" in users.stdout

    uploaded = registry.cli("operations", "publish", "--graph", ref, "--client", "web", "--version", "1.2.3",
                            "--file", registry.file("ops.json", json.dumps(MANIFEST)))  # fmt: skip
    assert uploaded.returncode == 0, uploaded.stderr
    assert "Recorded 2 new operation(s)" in uploaded.stdout

    breaking = registry.file("wallet-breaking.graphql", edit(WALLET, "  balance: Int!\n", ""))
    failed = registry.cli("check", "--graph", ref, "--name", "wallet", "--schema", breaking)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "FAILED" in failed.stdout
    assert "FIELD_REMOVED: Field Wallet.balance was removed. -- used by Balance (web@1.2.3) [fails the check]" in (
        failed.stdout
    )

    as_json = registry.cli("check", "--graph", ref, "--name", "wallet", "--schema", breaking, "--format", "json")
    assert as_json.returncode == 1
    body = json.loads(as_json.stdout)
    assert body["ok"] is False
    assert [(c["code"], c["coordinate"], c["blocking"]) for c in body["changes"]] == [
        ("FIELD_REMOVED", "Wallet.balance", True)
    ]
    assert [op["name"] for op in body["brokenOperations"]] == ["Balance"]

    safe = registry.file("wallet-safe.graphql", edit(WALLET, "balance: Int!", "balance: Int!\n  frozen: Boolean"))
    passed = registry.cli("check", "--graph", ref, "--name", "wallet", "--schema", safe)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "PASSED" in passed.stdout and "FIELD_ADDED" in passed.stdout


def test_ci_publishes_checks_and_fetches(registry: Registry) -> None:
    ci_flow(registry, "giftgraph")
    ref = "giftgraph@main"

    bad = registry.file("wallet-bad.graphql", edit(WALLET, 'Wallet @key(fields: "id")', 'Wallet @key(fields: "x")'))
    refused = registry.cli("publish", "--graph", ref, "--name", "wallet", "--url", WALLET_URL, "--schema", bad)
    assert refused.returncode == 1
    assert "KEY_INVALID_FIELDS" in refused.stdout and "nothing was published" in refused.stdout

    unused = registry.file("wallet-unused.graphql", edit(WALLET, "  GBP\n", ""))
    reported = registry.cli("check", "--graph", ref, "--name", "wallet", "--schema", unused)
    assert reported.returncode == 0, reported.stdout
    assert "VALUE_REMOVED_FROM_ENUM" in reported.stdout and "no recorded operation uses it" in reported.stdout
    strict = registry.cli("check", "--graph", ref, "--name", "wallet", "--schema", unused, "--fail-on-breaking")
    assert strict.returncode == 1

    out = registry.workdir / "supergraph.graphql"
    fetched = registry.cli("supergraph", "--graph", ref, "-o", str(out), token=READ)
    assert fetched.returncode == 0, fetched.stderr
    supergraph = load_supergraph(out.read_text(encoding="utf-8"))
    assert sorted(s.name for s in supergraph.subgraphs.values()) == ["users", "wallet"]

    history = registry.cli("history", "--graph", ref, "--format", "json", token=READ)
    assert [(v["name"], v["revision"]) for v in json.loads(history.stdout)["versions"]] == [
        ("users", 1),
        ("wallet", 1),
    ]

    listed_ops = registry.cli("operations", "list", "--graph", ref, token=READ)
    assert listed_ops.stdout.strip() == "web@1.2.3: 2 operation(s)"
    breaking = registry.file("wallet-breaking.graphql", edit(WALLET, "  balance: Int!\n", ""))
    retired = registry.cli("operations", "retire", "--graph", ref, "--client", "web", "--version", "1.2.3")
    assert retired.returncode == 0 and "Retired 2 operation(s)" in retired.stdout
    unblocked = registry.cli("check", "--graph", ref, "--name", "wallet", "--schema", breaking)
    assert unblocked.returncode == 0, unblocked.stdout

    extra = registry.file("extra.graphql", LINK + "type Query { extra: String }\n")
    assert registry.cli("publish", "--graph", ref, "--name", "extra", "--url", "http://extra.test/", "--schema",
                        extra).returncode == 0  # fmt: skip
    deleted = registry.cli("delete", "--graph", ref, "--name", "extra")
    assert deleted.returncode == 0, deleted.stderr
    assert "Deleted extra" in deleted.stdout and "FIELD_REMOVED: Field Query.extra was removed." in deleted.stdout
    listed = registry.cli("subgraphs", "--graph", ref, "--format", "json", token=READ)
    assert [v["name"] for v in json.loads(listed.stdout)["subgraphs"]] == ["users", "wallet"]
    missing = registry.cli("delete", "--graph", ref, "--name", "extra")
    assert missing.returncode == 1 and "NOT_FOUND" in missing.stderr


def test_supergraph_etag_and_the_router_client(registry: Registry) -> None:
    ref = "etags@main"
    assert registry.cli("publish", "--graph", ref, "--name", "users", "--url", USERS_URL, "--schema",
                        registry.file("u.graphql", USERS)).returncode == 0  # fmt: skip
    url = f"{registry.url}/graphs/etags/variants/main/supergraph"
    auth = {"Authorization": f"Bearer {READ}"}
    first = httpx.get(url, headers=auth)
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/plain")
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"] == "no-cache"
    again = httpx.get(url, headers={**auth, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert httpx.get(url, headers={**auth, "If-None-Match": '"other"'}).status_code == 200

    client = RegistrySupergraphClient(registry.url, ref, READ, timeout=10)
    fetched = client.fetch()
    assert isinstance(fetched, Fetched) and fetched.sdl == first.text and fetched.etag == etag
    assert client.fetch(etag) == NotModified(etag)
    source = RegistrySource(client)
    assert source.version() == etag and source.read() == first.text
    assert source.version() == etag  # polled again: not modified

    moved = registry.cli("publish", "--graph", ref, "--name", "users", "--url", "http://users.moved/graphql",
                         "--schema", registry.file("u.graphql", USERS))  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    new_etag = source.version()
    assert new_etag != etag
    assert "http://users.moved/graphql" in source.read()
    assert client.fetch(etag) != NotModified(etag)

    with pytest.raises(RegistryFetchError):
        RegistrySupergraphClient(registry.url, "nothing@main", READ).fetch()
    with pytest.raises(RegistryFetchError):
        RegistrySupergraphClient(registry.url, ref, "wrong-token").fetch()


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


def test_http_errors_are_coded(registry: Registry) -> None:
    base = f"{registry.url}/graphs/giftgraph/variants/main"
    write = {"Authorization": f"Bearer {WRITE}"}
    publish = {"name": "users", "url": USERS_URL, "sdl": USERS}

    no_token = httpx.post(base + "/subgraphs", json=publish)
    assert (no_token.status_code, error_code(no_token)) == (401, "UNAUTHENTICATED")
    assert no_token.headers["www-authenticate"] == "Bearer"
    wrong = httpx.post(base + "/subgraphs", json=publish, headers={"Authorization": "Bearer nope"})
    assert (wrong.status_code, error_code(wrong)) == (401, "UNAUTHENTICATED")
    read_only = httpx.post(base + "/subgraphs", json=publish, headers={"Authorization": f"Bearer {READ}"})
    assert (read_only.status_code, error_code(read_only)) == (403, "FORBIDDEN")

    unknown_key = httpx.post(base + "/subgraphs", json={**publish, "extra": 1}, headers=write)
    assert (unknown_key.status_code, error_code(unknown_key)) == (400, "BAD_REQUEST")
    not_json = httpx.post(base + "/subgraphs", content=b"{", headers={**write, "content-type": "application/json"})
    assert (not_json.status_code, error_code(not_json)) == (400, "BAD_REQUEST")
    bad_name = httpx.post(f"{registry.url}/graphs/Gift%20Graph/variants/main/subgraphs", json=publish, headers=write)
    assert (bad_name.status_code, error_code(bad_name)) == (400, "INVALID_NAME")
    too_big = httpx.post(base + "/subgraphs", json={**publish, "sdl": USERS + "#" * 300_000}, headers=write)
    assert (too_big.status_code, error_code(too_big)) == (413, "PAYLOAD_TOO_LARGE")
    missing = httpx.get(f"{registry.url}/graphs/none/variants/main/supergraph", headers=write)
    assert (missing.status_code, error_code(missing)) == (404, "NOT_FOUND")
    bad_ops = httpx.post(
        base + "/operations",
        json={"clientName": "web", "clientVersion": "1", "operations": [{"document": "query {"}]},
        headers=write,
    )
    assert (bad_ops.status_code, error_code(bad_ops)) == (400, "GRAPHQL_PARSE_FAILED")

    # The CLI turns an access problem into exit 2 and prints the code.
    denied = registry.cli("publish", "--graph", "giftgraph", "--name", "users", "--url", USERS_URL, "--schema",
                          registry.file("users2.graphql", USERS), token=READ)  # fmt: skip
    assert denied.returncode == 2 and "FORBIDDEN" in denied.stderr


@pytest.mark.postgres
def test_ci_flow_on_postgresql(tmp_path: Path) -> None:
    with temporary_database("registry") as url:
        process = start_registry(tmp_path, url)
        try:
            ci_flow(Registry(process.url, tmp_path), "pg")
        finally:
            process.stop()
