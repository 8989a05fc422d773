"""`_entities` resolves a whole batch of representations with one SQL query (counted on the engine)."""

from __future__ import annotations

from sqlalchemy import Engine

from subgraphs.shared.caller import Caller
from subgraphs.wallet.use_cases import credit_wallet, open_wallet
from subgraphs.wallet.use_cases.runtime import WalletRuntime
from tests.shared.asgi import GraphQL
from tests.shared.query_count import counting_selects
from tests.wallet.conftest import token

ENTITIES = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Wallet { id currency balance { amount } owner { id } }
  ... on User { id wallets { id } } } }"""


def test_one_query_for_100_wallet_representations(gql: GraphQL, runtime: WalletRuntime, engine: Engine) -> None:
    ids = [open_wallet(runtime, Caller(f"user{i % 7}"), currency="EUR", idempotency_key=f"o{i}").id for i in range(100)]
    representations = [{"__typename": "Wallet", "id": wallet_id} for wallet_id in ids]
    with counting_selects(engine) as statements:
        body = gql(ENTITIES, {"r": representations}, as_=token("sam", "staff"))
    assert "errors" not in body, body
    assert [entity["id"] for entity in body["data"]["_entities"]] == ids  # order preserved
    assert body["data"]["_entities"][8]["owner"] == {"id": "user1"}
    assert len(statements) == 1, statements


def test_one_query_for_100_user_representations_with_wallets(
    gql: GraphQL, runtime: WalletRuntime, engine: Engine
) -> None:
    for i in range(10):
        open_wallet(runtime, Caller(f"user{i}"), currency="EUR", idempotency_key="o")
    representations = [{"__typename": "User", "id": f"user{i}"} for i in range(100)]
    with counting_selects(engine) as statements:
        body = gql(ENTITIES, {"r": representations}, as_=token("sam", "staff"))
    assert "errors" not in body, body
    wallets_per_user = [len(entity["wallets"]) for entity in body["data"]["_entities"]]
    assert wallets_per_user == [1] * 10 + [0] * 90
    assert len(statements) == 1, statements


def test_entities_respect_ownership(gql: GraphQL, runtime: WalletRuntime) -> None:
    mine = open_wallet(runtime, Caller("alice"), currency="EUR", idempotency_key="a").id
    theirs = open_wallet(runtime, Caller("bob"), currency="EUR", idempotency_key="b").id
    body = gql(
        ENTITIES,
        {"r": [{"__typename": "Wallet", "id": mine}, {"__typename": "Wallet", "id": theirs}]},
        as_=token("alice"),
    )
    assert body["data"]["_entities"][0]["id"] == mine
    assert body["data"]["_entities"][1] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["WALLET_NOT_FOUND"]
    assert body["errors"][0]["path"] == ["_entities", 1]


def test_ledgers_of_many_wallets_take_one_query(gql: GraphQL, runtime: WalletRuntime, engine: Engine) -> None:
    """`Wallet.transactions` across 30 wallets: one statement for all the ledgers (no N+1), each page still right."""
    staff = Caller("sam", frozenset({"staff"}))
    ids = [open_wallet(runtime, Caller(f"user{i}"), currency="EUR", idempotency_key="o").id for i in range(30)]
    for n, wallet_id in enumerate(ids):
        for k in range(n % 4):  # 0 to 3 credits: pages that are empty, short, exact and with more to come
            credit_wallet(
                runtime,
                staff,
                wallet_id=wallet_id,
                amount=10 * n + k + 1,
                currency="EUR",
                reason="r",
                idempotency_key=f"c{n}-{k}",
            )
    query = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Wallet { id
      transactions(first: 2) { edges { node { amount { amount } } } pageInfo { hasNextPage } } } } }"""
    with counting_selects(engine) as statements:
        body = gql(query, {"r": [{"__typename": "Wallet", "id": w} for w in ids]}, as_=token("sam", "staff"))
    assert "errors" not in body, body
    assert len(statements) == 2, statements  # the wallets, then every ledger page at once
    for n, entity in enumerate(body["data"]["_entities"]):
        amounts = [edge["node"]["amount"]["amount"] for edge in entity["transactions"]["edges"]]
        credited = [10 * n + k + 1 for k in range(n % 4)]
        assert amounts == credited[::-1][:2], (n, amounts)  # newest first, this wallet's own entries
        assert entity["transactions"]["pageInfo"]["hasNextPage"] is (n % 4 == 3)
