"""End to end through the router (real processes, SQLite): a user claims a card and redeems part of it into their
wallet; the relay credits the wallet through the router with its service token; one query then returns the wallet
balance, its redemptions with each card's `last4`, and the owner's remaining cards with their balances."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx

from subgraphs.giftcard.api.schema import print_sdl as giftcard_sdl
from subgraphs.wallet.api.schema import print_sdl as wallet_sdl
from tests.giftcard.conftest import PEPPER, SECRET, token
from tests.support.processes import ServerProcess, free_port, python_module

ACROSS = """
query($w: ID!) {
  wallet(id: $w) {
    balance { amount currency }
    redemptions { edges { node { amount { amount } status giftCard { last4 } } } }
    owner { id giftCards { edges { node { last4 balance { amount } status } } } }
  }
}
"""


def test_claim_redeem_and_one_query_across_both_subgraphs(tmp_path: Path) -> None:
    ports = {name: free_port() for name in ("wallet", "giftcard", "router")}
    router_url = f"http://127.0.0.1:{ports['router']}/graphql"
    common = {"DEV_DIR": str(tmp_path), "JWT_SECRET": SECRET}
    wallet = ServerProcess(
        python_module("subgraphs.wallet", "serve", "--migrate", "--port", str(ports["wallet"])),
        ports["wallet"],
        env={f"WALLET_{k}": v for k, v in common.items()} | {"WALLET_DATABASE_URL": f"sqlite:///{tmp_path}/w.db"},
        log_path=tmp_path / "wallet.log",
    )
    giftcard = ServerProcess(
        python_module("subgraphs.giftcard", "serve", "--migrate", "--port", str(ports["giftcard"])),
        ports["giftcard"],
        env={f"GIFTCARD_{k}": v for k, v in common.items()}
        | {
            "GIFTCARD_DATABASE_URL": f"sqlite:///{tmp_path}/g.db",
            "GIFTCARD_CODE_PEPPER": PEPPER.decode(),
            "GIFTCARD_ROUTER_URL": router_url,
            "GIFTCARD_RELAY_POLL_SECONDS": "0.1",
            "GIFTCARD_RELAY_BACKOFF_MAX_SECONDS": "0.5",
        },
        log_path=tmp_path / "giftcard.log",
    )
    (tmp_path / "giftcard.graphql").write_text(giftcard_sdl())
    (tmp_path / "wallet.graphql").write_text(wallet_sdl())
    config = tmp_path / "supergraph.yaml"
    config.write_text(
        "federation_version: =2.9.0\nsubgraphs:\n"
        f"  giftcard:\n    routing_url: {giftcard.url}/graphql\n    schema:\n      file: giftcard.graphql\n"
        f"  wallet:\n    routing_url: {wallet.url}/graphql\n    schema:\n      file: wallet.graphql\n"
    )
    router = ServerProcess(
        python_module("router", "serve", "--compose", str(config), "--port", str(ports["router"]), "--dev"),
        ports["router"],
        env={"ROUTER_AUTH__HS256_SECRET": SECRET},
        log_path=tmp_path / "router.log",
    )
    started: list[ServerProcess] = []
    try:
        for process in (wallet, giftcard, router):
            process.start()
            started.append(process)

        def ask(query: str, variables: dict[str, Any], as_: str) -> Any:
            response = httpx.post(
                router_url,
                json={"query": query, "variables": variables},
                headers={"authorization": f"Bearer {as_}"},
                timeout=30,
            )
            return response.json()

        alice = token("alice")
        wallet_id = ask('mutation { openWallet(currency: "EUR", idempotencyKey: "w") { wallet { id } } }', {}, alice)[
            "data"
        ]["openWallet"]["wallet"]["id"]
        issued = ask(
            'mutation { issueGiftCards(value: {amount: 1000, currency: "EUR"}, count: 2, idempotencyKey: "i") '
            "{ issued { code } } }",
            {},
            token("sam", "staff"),
        )["data"]["issueGiftCards"]["issued"]
        codes = [item["code"] for item in issued]
        for n, code in enumerate(codes):
            claimed = ask(
                "mutation($c: String!, $k: String!) { claimGiftCard(code: $c, idempotencyKey: $k) "
                "{ giftCard { owner { id } } } }",
                {"c": code, "k": f"c{n}"},
                alice,
            )
            assert claimed["data"]["claimGiftCard"]["giftCard"] == {"owner": {"id": "alice"}}, claimed
        redeemed = ask(
            'mutation($c: String!, $w: ID!) { redeemGiftCard(code: $c, walletId: $w, idempotencyKey: "r", '
            'amount: {amount: 300, currency: "EUR"}) { redemption { id status } userErrors { code } } }',
            {"c": codes[0], "w": wallet_id},
            alice,
        )["data"]["redeemGiftCard"]
        assert redeemed["userErrors"] == []
        status = redeemed["redemption"]["status"]
        deadline = time.monotonic() + 30
        while status == "PENDING" and time.monotonic() < deadline:
            time.sleep(0.2)
            status = ask(
                "query($id: ID!) { redemption(id: $id) { status } }", {"id": redeemed["redemption"]["id"]}, alice
            )["data"]["redemption"]["status"]
        assert status == "COMPLETED"

        across = ask(ACROSS, {"w": wallet_id}, alice)
        assert "errors" not in across, across
        view = across["data"]["wallet"]
        assert view["balance"] == {"amount": 300, "currency": "EUR"}
        assert view["redemptions"]["edges"] == [
            {"node": {"amount": {"amount": 300}, "status": "COMPLETED", "giftCard": {"last4": codes[0][-4:]}}}
        ]
        assert view["owner"]["id"] == "alice"
        cards = {e["node"]["last4"]: e["node"]["balance"]["amount"] for e in view["owner"]["giftCards"]["edges"]}
        assert cards == {codes[0][-4:]: 700, codes[1][-4:]: 1000}
        # the relay's credit went through the router as the service, booked once under the redemption id
        ledger = ask(
            "query($w: ID!) { wallet(id: $w) { transactions { edges { node { kind actor reference "
            "amount { amount } } } } } }",
            {"w": wallet_id},
            alice,
        )["data"]["wallet"]["transactions"]["edges"]
        assert [e["node"] for e in ledger] == [
            {
                "kind": "CREDIT",
                "actor": "service:giftcard-relay",
                "reference": redeemed["redemption"]["id"],
                "amount": {"amount": 300},
            }
        ]
    finally:
        for process in reversed(started):
            process.stop()
