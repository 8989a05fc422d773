"""Real processes for the redemption tests: a wallet subgraph, a giftcard subgraph (with its relay) and optionally
the duplicating proxy between them, each on a free port, on PostgreSQL databases of their own."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.giftcard.conftest import PEPPER, SECRET, token
from tests.support.postgres import temporary_database
from tests.support.processes import ServerProcess, free_port, python_module

STAFF_TOKEN = token("sam", "staff")


@dataclass
class Stack:
    """The running processes and their databases."""

    tmp: Path
    giftcard_db: str
    wallet_db: str
    wallet: ServerProcess
    giftcard: ServerProcess
    proxy: ServerProcess | None = None
    extra: list[ServerProcess] = field(default_factory=list)

    def gql(self, url: str, query: str, variables: dict[str, Any] | None = None, *, as_: str) -> Any:
        """POST an operation; the JSON body."""
        response = httpx.post(
            f"{url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"authorization": f"Bearer {as_}"},
            timeout=30,
        )
        return response.json()

    def open_wallet(self, owner: str, currency: str = "EUR", *, key: str | None = None) -> str:
        """Open a wallet for `owner` (the same `key`, by default the currency, gives the same wallet); its id."""
        body = self.gql(
            self.wallet.url,
            "mutation($c: String!, $k: String!) { openWallet(currency: $c, idempotencyKey: $k) { wallet { id } } }",
            {"c": currency, "k": key or currency},
            as_=token(owner),
        )
        wallet_id: str = body["data"]["openWallet"]["wallet"]["id"]
        return wallet_id

    def issue(self, amount: int, count: int, key: str, currency: str = "EUR") -> list[tuple[str, str]]:
        """Issue cards; (code, id) of each."""
        body = self.gql(
            self.giftcard.url,
            "mutation($v: MoneyInput!, $n: Int!, $k: String!) { issueGiftCards(value: $v, count: $n, "
            "idempotencyKey: $k) { issued { code giftCard { id } } userErrors { code } } }",
            {"v": {"amount": amount, "currency": currency}, "n": count, "k": key},
            as_=STAFF_TOKEN,
        )
        return [(item["code"], item["giftCard"]["id"]) for item in body["data"]["issueGiftCards"]["issued"]]

    def wallet_balance(self, wallet_id: str) -> int:
        """A wallet's balance, asked as staff."""
        body = self.gql(
            self.wallet.url,
            "query($id: ID!) { wallet(id: $id) { balance { amount } } }",
            {"id": wallet_id},
            as_=STAFF_TOKEN,
        )
        amount: int = body["data"]["wallet"]["balance"]["amount"]
        return amount


def giftcard_process(tmp: Path, db: str, target: str, env: dict[str, str] | None = None) -> ServerProcess:
    """A giftcard subgraph process (not started) whose relay sends credits to `target`."""
    port = free_port()
    return ServerProcess(
        python_module("subgraphs.giftcard", "serve", "--migrate", "--port", str(port)),
        port=port,
        env={
            "GIFTCARD_DATABASE_URL": db,
            "GIFTCARD_JWT_SECRET": SECRET,
            "GIFTCARD_CODE_PEPPER": PEPPER.decode(),
            "GIFTCARD_DEV_DIR": str(tmp),
            "GIFTCARD_ROUTER_URL": f"{target}/graphql",
            "GIFTCARD_RELAY_POLL_SECONDS": "0.1",
            "GIFTCARD_RELAY_BACKOFF_BASE_SECONDS": "0.1",
            "GIFTCARD_RELAY_BACKOFF_MAX_SECONDS": "0.8",
            "GIFTCARD_RELAY_LEASE_SECONDS": "3",
            "GIFTCARD_RELAY_TIMEOUT_SECONDS": "2",
            "GIFTCARD_REDEEM_WAIT_SECONDS": "3",
            "GIFTCARD_DB_POOL_SIZE": "20",
            **(env or {}),
        },
        log_path=tmp / f"giftcard-{port}.log",
    )


@contextmanager
def running_stack(tmp: Path, *, duplicate: bool = False, **giftcard_env: str) -> Iterator[Stack]:
    """Migrated databases and started processes; everything stopped afterwards."""
    with ExitStack() as stack:
        giftcard_db = stack.enter_context(temporary_database("giftcard"))
        wallet_db = stack.enter_context(temporary_database("wallet"))
        env = {"WALLET_DATABASE_URL": wallet_db, "WALLET_JWT_SECRET": SECRET, "WALLET_DEV_DIR": str(tmp)}
        wallet_port = free_port()
        wallet = ServerProcess(
            python_module("subgraphs.wallet", "serve", "--migrate", "--port", str(wallet_port)),
            port=wallet_port,
            env=env,
            log_path=tmp / "wallet.log",
        )
        stack.callback(wallet.stop)
        wallet.start()
        target = wallet.url
        proxy = None
        if duplicate:
            proxy_port = free_port()
            proxy = ServerProcess(
                python_module("tests.giftcard.dup_proxy", "--target", wallet.url, "--port", str(proxy_port)),
                port=proxy_port,
                log_path=tmp / "proxy.log",
            )
            stack.callback(proxy.stop)
            proxy.start()
            target = proxy.url
        giftcard = giftcard_process(tmp, giftcard_db, target, giftcard_env)
        stack.callback(giftcard.stop)
        giftcard.start()
        result = Stack(tmp, giftcard_db, wallet_db, wallet, giftcard, proxy)
        stack.callback(_stop_all, result.extra)
        yield result


def _stop_all(processes: list[ServerProcess]) -> None:
    for process in processes:
        process.stop()


def wait_for(predicate: Any, timeout: float, interval: float = 0.2) -> bool:
    """Poll until `predicate()` is true or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
