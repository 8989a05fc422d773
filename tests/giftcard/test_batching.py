"""Connections under many parents are batched: `User.giftCards`, `GiftCard.activities` and `Wallet.redemptions`
each take one statement for a whole `_entities` batch (counted on the engine), and each parent still gets its own
page, newest first."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine

from subgraphs.giftcard.use_cases import GiftCardRuntime, issue_gift_cards, redeem_gift_card
from subgraphs.shared.caller import Caller
from tests.giftcard.conftest import token
from tests.shared.asgi import GraphQL
from tests.shared.query_count import counting_selects

STAFF = Caller("sam", frozenset({"staff"}))


def test_cards_and_their_activities_for_many_users_take_two_statements(
    gql: GraphQL, runtime: GiftCardRuntime, engine: Engine
) -> None:
    owners = [f"user{i}" for i in range(12)]
    cards: dict[str, list[str]] = {}
    for n, owner in enumerate(owners):
        issued = (
            issue_gift_cards(
                runtime, STAFF, amount=1000, currency="EUR", count=n % 4, owner_id=owner, idempotency_key=owner
            )
            if n % 4
            else []
        )
        cards[owner] = [item.card.id for item in issued]
    wallet = str(uuid.uuid4())
    for owner, ids in cards.items():
        for k, card_id in enumerate(ids[:1]):
            redeem_gift_card(
                runtime,
                Caller(owner),
                wallet_id=wallet,
                amount=100 + k,
                currency="EUR",
                idempotency_key="r",
                gift_card_id=card_id,
            )
    query = """query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id
      giftCards(first: 2) { edges { node { id activities(first: 5) { edges { node { kind amount { amount } } } } } }
                           pageInfo { hasNextPage } } } } }"""
    with counting_selects(engine) as statements:
        body = gql(query, {"r": [{"__typename": "User", "id": o} for o in owners]}, as_=token("sam", "staff"))
    assert "errors" not in body, body
    assert len(statements) == 2, statements  # every owner's cards, then every card's activities
    for owner, entity in zip(owners, body["data"]["_entities"], strict=True):
        shown = [edge["node"] for edge in entity["giftCards"]["edges"]]
        assert {card["id"] for card in shown} <= set(cards[owner]) and len(shown) == min(2, len(cards[owner]))
        assert entity["giftCards"]["pageInfo"]["hasNextPage"] is (len(cards[owner]) > 2)
        for card in shown:
            kinds = [(e["node"]["kind"], e["node"]["amount"]["amount"]) for e in card["activities"]["edges"]]
            redeemed = card["id"] == cards[owner][0]
            assert kinds == ([("REDEEM", -100)] if redeemed else []) + [("ISSUE", 1000)]


def test_redemptions_of_many_wallets_take_one_statement(gql: GraphQL, runtime: GiftCardRuntime, engine: Engine) -> None:
    (card,) = issue_gift_cards(
        runtime, STAFF, amount=10_000, currency="EUR", count=1, owner_id="alice", idempotency_key="i"
    )
    wallets = [str(uuid.uuid4()) for _ in range(15)]
    for n, wallet in enumerate(wallets):
        for k in range(n % 3):
            redeem_gift_card(
                runtime,
                Caller("alice"),
                wallet_id=wallet,
                amount=10 * n + k + 1,
                currency="EUR",
                idempotency_key=f"r{n}-{k}",
                gift_card_id=card.card.id,
            )
    query = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Wallet { id
      redemptions(first: 1) { edges { node { amount { amount } } } pageInfo { hasNextPage } } } } }"""
    with counting_selects(engine) as statements:
        body = gql(query, {"r": [{"__typename": "Wallet", "id": w} for w in wallets]}, as_=token("alice"))
    assert "errors" not in body, body
    assert len(statements) == 1, statements
    for n, entity in enumerate(body["data"]["_entities"]):
        amounts = [edge["node"]["amount"]["amount"] for edge in entity["redemptions"]["edges"]]
        assert amounts == ([10 * n + (n % 3)] if n % 3 else []), (n, amounts)  # the newest, this wallet's own
        assert entity["redemptions"]["pageInfo"]["hasNextPage"] is (n % 3 == 2)
