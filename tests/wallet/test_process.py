"""The real wallet process over HTTP: 20 concurrent requests with one idempotency key give one effect and 19
identical replays; other input under that key is refused; huge bodies get 413; a SIGKILL mid-load loses no money."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from subgraphs.shared.database import create_database_engine
from subgraphs.shared.migrations import upgrade_database
from subgraphs.wallet.app import MIGRATIONS_DIR, VERSION_TABLE
from subgraphs.wallet.persistence.tables import wallet_transactions, wallets
from tests.support.processes import ServerProcess, free_port, python_module
from tests.wallet.conftest import SECRET, token

ALICE = token("alice")
BOB = token("bob")
STAFF = token("sam", "staff")
TRANSFERS = 80


def start(database_url: str, tmp_path: Path) -> ServerProcess:
    port = free_port()
    env = {
        "WALLET_PORT": str(port),
        "WALLET_DATABASE_URL": database_url,
        "WALLET_JWT_SECRET": SECRET,
        "WALLET_DEV_DIR": str(tmp_path),
        "WALLET_MAX_BODY_BYTES": str(1_000_000),
    }
    return ServerProcess(
        python_module("subgraphs.wallet", "serve"), port=port, env=env, log_path=tmp_path / "wallet.log"
    ).start()


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    engine = create_database_engine(database_url)
    upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
    engine.dispose()
    process = start(database_url, tmp_path)
    try:
        yield process
    finally:
        process.stop()


def call(url: str, query: str, variables: dict[str, Any], who: str) -> dict[str, Any]:
    response = httpx.post(
        url + "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {who}"},
        timeout=30,
    )
    body: dict[str, Any] = response.json()
    return body


OPEN = 'mutation($k: String!) { openWallet(currency: "EUR", idempotencyKey: $k) { wallet { id } } }'
CREDIT = """mutation($w: ID!, $n: Int!, $k: String!) {
  creditWallet(walletId: $w, amount: {amount: $n, currency: "EUR"}, reason: "load", idempotencyKey: $k) {
    wallet { balance { amount } } transaction { id createdAt balanceAfter { amount } } userErrors { code field } } }"""
BALANCE = "query($id: ID!) { wallet(id: $id) { balance { amount } transactions { edges { cursor } } } }"
TRANSFER = """mutation($f: ID!, $t: ID!, $n: Int!, $k: String!) { transferFunds(fromWalletId: $f, toWalletId: $t,
  amount: {amount: $n, currency: "EUR"}, idempotencyKey: $k) { debit { id } userErrors { code } } }"""


def open_wallet(url: str, who: str, key: str) -> str:
    body = call(url, OPEN, {"k": key}, who)
    assert body.get("data"), body  # the errors, not a TypeError, when it fails
    wallet_id: str = body["data"]["openWallet"]["wallet"]["id"]
    return wallet_id


def test_twenty_concurrent_requests_with_one_key(server: ServerProcess) -> None:
    assert httpx.get(server.url + "/ready").json() == {"status": "ready"}
    wallet = open_wallet(server.url, ALICE, "w")
    variables = {"w": wallet, "n": 700, "k": "one-key"}
    with ThreadPoolExecutor(20) as pool:
        bodies = list(pool.map(lambda _: call(server.url, CREDIT, variables, STAFF), range(20)))
    assert all(body == bodies[0] for body in bodies), bodies  # one result, replayed 19 times verbatim
    assert bodies[0]["data"]["creditWallet"]["wallet"]["balance"]["amount"] == 700
    check = call(
        server.url,
        "query($id: ID!) { wallet(id: $id) { balance { amount } transactions { edges { cursor } } } }",
        {"id": wallet},
        ALICE,
    )["data"]["wallet"]
    assert check["balance"]["amount"] == 700 and len(check["transactions"]["edges"]) == 1  # one effect
    reused = call(server.url, CREDIT, {**variables, "n": 701}, STAFF)["data"]["creditWallet"]
    assert reused["userErrors"] == [{"code": "IDEMPOTENCY_KEY_REUSED", "field": "idempotencyKey"}]
    assert reused["wallet"] is None


def test_bad_input_over_http(server: ServerProcess) -> None:
    wallet = open_wallet(server.url, ALICE, "w")
    huge = httpx.post(
        server.url + "/graphql",
        content=b'{"query": "{ me { id } }", "pad": "' + b"x" * (10 * 1024 * 1024) + b'"}',
        headers={"content-type": "application/json", "authorization": f"Bearer {ALICE}"},
        timeout=30,
    )
    assert huge.status_code == 413 and huge.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    anonymous = httpx.post(
        server.url + "/graphql", json={"query": CREDIT, "variables": {"w": wallet, "n": 5, "k": "a"}}
    )
    assert anonymous.json()["data"]["creditWallet"]["userErrors"][0]["code"] == "UNAUTHENTICATED"
    bad = httpx.post(server.url + "/graphql", json={"query": "{ me { id } }"}, headers={"authorization": "Bearer x"})
    assert bad.status_code == 401 and bad.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert call(server.url, BALANCE, {"id": wallet}, ALICE)["data"]["wallet"]["balance"]["amount"] == 0


@pytest.mark.postgres
def test_sigkill_under_load_loses_no_money(tmp_path: Path) -> None:
    from tests.support.postgres import temporary_database

    with temporary_database("wallet_kill") as url:
        engine = create_database_engine(url)
        upgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
        server = start(url, tmp_path)
        try:
            source = open_wallet(server.url, ALICE, "a")
            target = open_wallet(server.url, BOB, "b")
            call(server.url, CREDIT, {"w": source, "n": 100_000, "k": "seed"}, STAFF)

            def transfer(i: int) -> str:
                try:
                    body = call(server.url, TRANSFER, {"f": source, "t": target, "n": 7, "k": f"t{i}"}, ALICE)
                    return "ok" if body["data"]["transferFunds"]["debit"] else "refused"
                except (httpx.TransportError, ValueError):
                    return "lost"

            with ThreadPoolExecutor(16) as pool:
                futures = [pool.submit(transfer, i) for i in range(TRANSFERS)]
                while sum(f.done() for f in futures) < TRANSFERS // 5:
                    time.sleep(0.01)
                server.kill()
                results = [f.result() for f in futures]
            assert "lost" in results  # the kill really interrupted requests
            with engine.connect() as connection:
                balances = dict(connection.execute(select(wallets.c.id, wallets.c.balance)).all())
                ledger = dict(
                    connection.execute(
                        select(wallet_transactions.c.wallet_id, func.sum(wallet_transactions.c.amount)).group_by(
                            wallet_transactions.c.wallet_id
                        )
                    ).all()
                )
            assert balances == ledger and sum(balances.values()) == 100_000
            # After a restart every interrupted request can be retried safely with its key.
            server = start(url, tmp_path)
            with ThreadPoolExecutor(8) as pool:
                retried = list(pool.map(transfer, range(TRANSFERS)))
            assert retried == ["ok"] * TRANSFERS
            with engine.connect() as connection:
                moved = connection.execute(select(wallets.c.balance).where(wallets.c.id == target)).scalar_one()
            assert moved == TRANSFERS * 7  # each key moved money exactly once
        finally:
            server.stop()
            engine.dispose()
