"""The GraphQL API in-process (SQLite): descriptions everywhere, auth enforced in the subgraph, coded errors,
connections, entities, and that the giftcard and wallet subgraphs compose."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    build_schema,
)
from sqlalchemy import Engine

from router.composition.compose import compose
from router.composition.model import SubgraphSource
from subgraphs.giftcard.api.schema import print_sdl
from subgraphs.wallet.api.schema import print_sdl as wallet_sdl
from tests.giftcard.conftest import token
from tests.giftcard.helpers import snapshot
from tests.shared.asgi import GraphQL

STAFF = token("sam", "staff")
ALICE = token("alice")
BOB = token("bob")
ISSUE = """
mutation($v: MoneyInput!, $n: Int!, $k: String!, $o: ID) {
  issueGiftCards(value: $v, count: $n, idempotencyKey: $k, ownerId: $o) {
    issued { code giftCard { id last4 maskedCode status balance { amount currency } owner { id } } }
    userErrors { code field message }
  }
}
"""
REDEEM = """
mutation($code: String, $id: ID, $w: ID!, $a: MoneyInput!, $k: String!) {
  redeemGiftCard(code: $code, giftCardId: $id, walletId: $w, amount: $a, idempotencyKey: $k) {
    redemption { id status amount { amount } wallet { id } giftCard { id last4 } }
    giftCard { balance { amount } }
    userErrors { code field }
  }
}
"""
WALLET_ID = "11111111-2222-4333-8444-555555555555"
_FEDERATION = ("_", "link__", "federation__")


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The API tests run on SQLite only (the money rules run on both databases elsewhere)."""
    yield f"sqlite:///{tmp_path / 'giftcard.db'}"


def issue(gql: GraphQL, count: int = 1, amount: int = 1000, owner: str | None = None, key: str = "k") -> Any:
    body = gql(ISSUE, {"v": {"amount": amount, "currency": "EUR"}, "n": count, "k": key, "o": owner}, as_=STAFF)
    return body["data"]["issueGiftCards"]["issued"]


def test_every_public_element_has_a_description() -> None:
    schema = build_schema(print_sdl(), assume_valid=True)
    missing = []
    for name, named in schema.type_map.items():
        if name.startswith(_FEDERATION) or name in {"String", "Int", "Boolean", "ID", "Float"}:
            continue
        if not named.description:
            missing.append(name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                if field_name.startswith("_"):
                    continue
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [f"{name}.{field_name}({a})" for a, arg in field.args.items() if not arg.description]
        if isinstance(named, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in named.fields.items() if not field.description]
        if isinstance(named, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in named.values.items() if not value.description]
    assert missing == []


def test_sdl_declares_federation_2_9_entities_and_claims() -> None:
    sdl = print_sdl()
    assert "specs.apollo.dev/federation/v2.9" in sdl
    for entity in ("GiftCard", "User", "Wallet", "Redemption"):
        assert f'type {entity} @key(fields: "id")' in sdl
    assert '@requiresScopes(scopes: [["giftcards:issue"], ["staff"]])' in sdl
    assert '@requiresScopes(scopes: [["staff"], ["giftcards:admin"]])' in sdl
    assert "me: User @shareable @authenticated" in sdl


def test_the_two_subgraphs_compose() -> None:
    result = compose(
        [
            SubgraphSource("giftcard", "http://giftcard/graphql", print_sdl()),
            SubgraphSource("wallet", "http://wallet/graphql", wallet_sdl()),
        ]
    )
    assert result.ok, [e.message for e in result.errors]
    assert result.supergraph_sdl is not None and "redemptions" in result.supergraph_sdl


def test_auth_is_enforced_in_the_subgraph(gql: GraphQL, client: Any) -> None:
    v = {"v": {"amount": 100, "currency": "EUR"}, "n": 1, "k": "k", "o": None}
    anonymous = gql(ISSUE, v)["data"]["issueGiftCards"]["userErrors"]
    user = gql(ISSUE, v, as_=ALICE)["data"]["issueGiftCards"]["userErrors"]
    assert [e["code"] for e in anonymous] == ["UNAUTHENTICATED"]
    assert [e["code"] for e in user] == ["FORBIDDEN"]
    assert gql(ISSUE, v, as_=token("issuer", "giftcards:issue"))["data"]["issueGiftCards"]["userErrors"] == []
    bad = client.post("/graphql", json={"query": "{ me { id } }"}, headers={"authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    me = gql("{ me { id } }")
    assert me["data"] is None or me["data"]["me"] is None
    assert me["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    balance = gql('{ giftCardBalance(code: "AAAA-BBBB-CCCC-DDDD") { last4 } }')
    assert balance["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_issue_claim_list_and_page(gql: GraphQL) -> None:
    issued = issue(gql, count=3, amount=700)
    assert len(issued) == 3
    for item in issued:
        card = item["giftCard"]
        assert item["code"][-4:] == card["last4"] and card["maskedCode"] == "****-****-****-" + card["last4"]
        assert card["status"] == "ACTIVE" and card["owner"] is None
    for n, item in enumerate(issued):
        claimed = gql(
            "mutation($c: String!, $k: String!) { claimGiftCard(code: $c, idempotencyKey: $k) { giftCard { owner "
            "{ id } } userErrors { code } } }",
            {"c": item["code"], "k": f"claim-{n}"},
            as_=ALICE,
        )
        assert claimed["data"]["claimGiftCard"] == {"giftCard": {"owner": {"id": "alice"}}, "userErrors": []}
    query = """query($after: String, $s: GiftCardStatus) { me { giftCards(first: 2, after: $after, status: $s) {
        edges { node { id balance { amount } } } pageInfo { hasNextPage endCursor } } } }"""
    first = gql(query, as_=ALICE)["data"]["me"]["giftCards"]
    assert len(first["edges"]) == 2 and first["pageInfo"]["hasNextPage"]
    rest = gql(query, {"after": first["pageInfo"]["endCursor"]}, as_=ALICE)["data"]["me"]["giftCards"]
    assert len(rest["edges"]) == 1 and not rest["pageInfo"]["hasNextPage"]
    ids = {e["node"]["id"] for e in first["edges"] + rest["edges"]}
    assert ids == {item["giftCard"]["id"] for item in issued}
    assert gql(query, {"s": "EMPTY"}, as_=ALICE)["data"]["me"]["giftCards"]["edges"] == []
    assert gql(query, {"after": "garbage"}, as_=ALICE)["errors"][0]["extensions"]["code"] == "INVALID_PAGINATION"
    # bob sees neither alice's list nor her cards
    other = gql("query($id: ID!) { giftCard(id: $id) { id } }", {"id": issued[0]["giftCard"]["id"]}, as_=BOB)
    assert other["errors"][0]["extensions"]["code"] == "GIFT_CARD_NOT_FOUND"
    listing = gql(
        '{ _entities(representations: [{__typename: "User", id: "alice"}]) { ... on User { giftCards '
        "{ edges { node { id } } } } } }",
        as_=BOB,
    )
    assert listing["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_redeem_pending_then_readable_and_entities(gql: GraphQL) -> None:
    (item,) = issue(gql, owner="alice")
    card_id = item["giftCard"]["id"]
    v = {"id": card_id, "w": WALLET_ID, "a": {"amount": 250, "currency": "EUR"}, "k": "r1"}
    payload = gql(REDEEM, v, as_=ALICE)["data"]["redeemGiftCard"]
    assert payload["userErrors"] == []
    redemption = payload["redemption"]
    assert redemption["status"] == "PENDING"  # no relay in this app: it stays PENDING
    assert redemption["wallet"] == {"id": WALLET_ID} and redemption["giftCard"]["id"] == card_id
    assert payload["giftCard"] == {"balance": {"amount": 750}}
    again = gql("query($id: ID!) { redemption(id: $id) { id status } }", {"id": redemption["id"]}, as_=ALICE)
    assert again["data"]["redemption"] == {"id": redemption["id"], "status": "PENDING"}
    hidden = gql("query($id: ID!) { redemption(id: $id) { id } }", {"id": redemption["id"]}, as_=BOB)
    assert hidden["errors"][0]["extensions"]["code"] == "REDEMPTION_NOT_FOUND"
    entities = gql(
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Wallet { redemptions { edges { node { id "
        "amount { amount } giftCard { last4 } } } } } ... on GiftCard { balance { amount } } } }",
        {"r": [{"__typename": "Wallet", "id": WALLET_ID}, {"__typename": "GiftCard", "id": card_id}]},
        as_=ALICE,
    )
    wallet, card = entities["data"]["_entities"]
    assert wallet["redemptions"]["edges"] == [
        {"node": {"id": redemption["id"], "amount": {"amount": 250}, "giftCard": {"last4": item["giftCard"]["last4"]}}}
    ]
    assert card == {"balance": {"amount": 750}}
    # another user's view of the same wallet holds none of alice's redemptions
    theirs = gql(
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Wallet { redemptions { edges { node { id } } } "
        "} } }",
        {"r": [{"__typename": "Wallet", "id": WALLET_ID}]},
        as_=BOB,
    )
    assert theirs["data"]["_entities"] == [{"redemptions": {"edges": []}}]


def test_bad_input_changes_nothing_and_is_coded(gql: GraphQL, engine: Engine) -> None:
    (item,) = issue(gql, owner="alice")
    card_id = item["giftCard"]["id"]
    before = snapshot(engine)
    cases = [
        ({"id": card_id, "code": item["code"]}, "INVALID_INPUT"),
        ({"id": card_id, "a": {"amount": 0, "currency": "EUR"}}, "INVALID_AMOUNT"),
        ({"id": card_id, "a": {"amount": 10, "currency": "eur"}}, "INVALID_CURRENCY"),
        ({"id": card_id, "a": {"amount": 10, "currency": "USD"}}, "CURRENCY_MISMATCH"),
        ({"id": card_id, "a": {"amount": 5000, "currency": "EUR"}}, "INSUFFICIENT_BALANCE"),
        ({"id": card_id, "w": "x"}, "INVALID_ID"),
        ({"id": card_id, "k": ""}, "INVALID_INPUT"),
        ({"id": card_id, "k": "k" * 201}, "INVALID_INPUT"),
    ]
    for n, (override, code) in enumerate(cases):
        v = {"w": WALLET_ID, "a": {"amount": 10, "currency": "EUR"}, "k": f"bad-{n}", **override}
        errors = gql(REDEEM, v, as_=ALICE)["data"]["redeemGiftCard"]["userErrors"]
        assert [e["code"] for e in errors] == [code], (override, errors)
    wrong_type = gql(
        REDEEM, {"id": card_id, "w": WALLET_ID, "a": {"amount": "ten", "currency": "EUR"}, "k": "t"}, as_=ALICE
    )
    assert wrong_type["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert gql("mutation { redeemGiftCard( }", as_=ALICE)["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    too_many = gql(ISSUE, {"v": {"amount": 1, "currency": "EUR"}, "n": 1001, "k": "big", "o": None}, as_=STAFF)
    assert [e["code"] for e in too_many["data"]["issueGiftCards"]["userErrors"]] == ["INVALID_INPUT"]
    assert snapshot(engine) == before


def test_staff_mutations_through_the_api(gql: GraphQL) -> None:
    (item,) = issue(gql, owner="alice")
    card_id = item["giftCard"]["id"]
    block = (
        "mutation($id: ID!, $k: String!) { blockGiftCard(id: $id, idempotencyKey: $k) { giftCard { status } "
        "userErrors { code } } }"
    )
    assert gql(block, {"id": card_id, "k": "b"}, as_=ALICE)["data"]["blockGiftCard"]["userErrors"] == [
        {"code": "FORBIDDEN"}
    ]
    assert gql(block, {"id": card_id, "k": "b"}, as_=token("ops", "giftcards:admin"))["data"]["blockGiftCard"] == {
        "giftCard": {"status": "BLOCKED"},
        "userErrors": [],
    }
    adjust = gql(
        'mutation($id: ID!) { adjustGiftCard(id: $id, amount: {amount: -1001, currency: "EUR"}, reason: "x", '
        'idempotencyKey: "a") { giftCard { balance { amount } } userErrors { code } } }',
        {"id": card_id},
        as_=STAFF,
    )
    assert adjust["data"]["adjustGiftCard"]["userErrors"] == [{"code": "INSUFFICIENT_BALANCE"}]
    deactivate = gql(
        'mutation($id: ID!) { deactivateGiftCard(id: $id, idempotencyKey: "d") { giftCard { status } } }',
        {"id": card_id},
        as_=STAFF,
    )
    assert deactivate["data"]["deactivateGiftCard"]["giftCard"] == {"status": "DEACTIVATED"}


def test_a_thousand_cards_in_one_call(gql: GraphQL) -> None:
    issued = issue(gql, count=1000, amount=5, key="thousand")
    codes = [item["code"] for item in issued]
    assert len(codes) == 1000 and len(set(codes)) == 1000
    assert all(item["giftCard"]["last4"] == item["code"][-4:] for item in issued)
    replay = issue(gql, count=1000, amount=5, key="thousand")
    assert [item["giftCard"]["id"] for item in replay] == [item["giftCard"]["id"] for item in issued]
    assert {item["code"] for item in replay} == {None}  # codes are shown once
