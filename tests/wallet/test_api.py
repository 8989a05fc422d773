"""The GraphQL API in-process: the newcomer's session, pagination, coded errors, auth, limits, the schema."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import build_schema as parse_sdl
from graphql import is_enum_type, is_input_object_type, is_object_type

from subgraphs.shared.pagination import encode_cursor
from subgraphs.wallet.api.schema import print_sdl
from tests.shared.asgi import GraphQL
from tests.wallet.conftest import SECRET, token

OPEN = """mutation($c: String!, $k: String!) { openWallet(currency: $c, idempotencyKey: $k) {
  wallet { id currency status balance { amount currency } owner { id } } userErrors { code message field } } }"""
CREDIT = """mutation($w: ID!, $a: MoneyInput!, $k: String!, $r: String) {
  creditWallet(walletId: $w, amount: $a, reason: "top-up", idempotencyKey: $k, reference: $r) {
    wallet { balance { amount } } transaction { id amount { amount } kind reference actor }
    userErrors { code message field } } }"""
DEBIT = """mutation($w: ID!, $a: MoneyInput!, $k: String!) {
  debitWallet(walletId: $w, amount: $a, reason: "spend", idempotencyKey: $k) {
    wallet { balance { amount } } transaction { amount { amount } balanceAfter { amount } }
    userErrors { code message field } } }"""
TRANSFER = """mutation($f: ID!, $t: ID!, $a: MoneyInput!, $k: String!) {
  transferFunds(fromWalletId: $f, toWalletId: $t, amount: $a, idempotencyKey: $k) {
    fromWallet { balance { amount } } toWallet { balance { amount } } debit { kind } credit { kind }
    userErrors { code message field } } }"""
HISTORY = """query($id: ID!, $first: Int, $after: String, $kind: TransactionKind) { wallet(id: $id) {
  balance { amount } transactions(first: $first, after: $after, kind: $kind) {
    edges { cursor node { amount { amount currency } balanceAfter { amount } kind reason actor createdAt } }
    pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""

ALICE = token("alice")
BOB = token("bob")
STAFF = token("sam", "staff")


def eur(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


def open_wallet(gql: GraphQL, who: str, key: str) -> str:
    body = gql(OPEN, {"c": "EUR", "k": key}, as_=who)
    assert body["data"]["openWallet"]["userErrors"] == []
    wallet_id: str = body["data"]["openWallet"]["wallet"]["id"]
    return wallet_id


def test_the_newcomer_session(gql: GraphQL) -> None:
    alice_wallet = open_wallet(gql, ALICE, "a1")
    bob_wallet = open_wallet(gql, BOB, "b1")
    credited = gql(CREDIT, {"w": alice_wallet, "a": eur(5000), "k": "c1"}, as_=STAFF)["data"]["creditWallet"]
    assert credited["wallet"]["balance"]["amount"] == 5000
    assert credited["transaction"]["actor"] == "sam" and credited["transaction"]["kind"] == "CREDIT"
    moved = gql(TRANSFER, {"f": alice_wallet, "t": bob_wallet, "a": eur(1250), "k": "t1"}, as_=ALICE)
    payload = moved["data"]["transferFunds"]
    assert payload["userErrors"] == []
    assert payload["fromWallet"]["balance"]["amount"] == 3750
    assert payload["toWallet"] is None and payload["credit"] is None  # Bob's balance stays Bob's business
    assert payload["debit"] == {"kind": "TRANSFER_OUT"}
    by_staff = gql(TRANSFER, {"f": alice_wallet, "t": bob_wallet, "a": eur(1), "k": "t2"}, as_=STAFF)
    assert by_staff["data"]["transferFunds"]["toWallet"]["balance"]["amount"] == 1251
    assert by_staff["data"]["transferFunds"]["credit"] == {"kind": "TRANSFER_IN"}
    history = gql(HISTORY, {"id": alice_wallet}, as_=ALICE)["data"]["wallet"]
    kinds = [edge["node"]["kind"] for edge in history["transactions"]["edges"]]
    assert kinds == ["TRANSFER_OUT", "TRANSFER_OUT", "CREDIT"]  # newest first
    assert [e["node"]["balanceAfter"]["amount"] for e in history["transactions"]["edges"]] == [3749, 3750, 5000]
    me = gql("{ me { id wallets { id balance { amount } owner { id } } } }", as_=BOB)["data"]["me"]
    assert me == {"id": "bob", "wallets": [{"id": bob_wallet, "balance": {"amount": 1251}, "owner": {"id": "bob"}}]}


def test_transactions_paginate_with_opaque_cursors_and_filter_by_kind(gql: GraphQL) -> None:
    wallet = open_wallet(gql, ALICE, "p")
    for i in range(5):
        gql(CREDIT, {"w": wallet, "a": eur(10 + i), "k": f"c{i}"}, as_=STAFF)
    gql(DEBIT, {"w": wallet, "a": eur(1), "k": "d"}, as_=ALICE)
    seen: list[int] = []
    after = None
    while True:
        page = gql(HISTORY, {"id": wallet, "first": 2, "after": after}, as_=ALICE)["data"]["wallet"]["transactions"]
        seen += [edge["node"]["amount"]["amount"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert page["pageInfo"]["endCursor"] and page["pageInfo"]["hasPreviousPage"] == (after is not None)
        after = page["pageInfo"]["endCursor"]
    assert seen == [-1, 14, 13, 12, 11, 10]
    debits = gql(HISTORY, {"id": wallet, "kind": "DEBIT"}, as_=ALICE)["data"]["wallet"]["transactions"]["edges"]
    assert [e["node"]["amount"]["amount"] for e in debits] == [-1]
    for bad in ({"first": 101}, {"first": -1}, {"after": "garbage"}):
        body = gql(HISTORY, {"id": wallet, **bad}, as_=ALICE)
        assert body["errors"][0]["extensions"]["code"] == "INVALID_PAGINATION"


def test_mutation_failures_are_typed_user_errors_that_change_nothing(gql: GraphQL) -> None:
    wallet = open_wallet(gql, ALICE, "e")
    gql(CREDIT, {"w": wallet, "a": eur(100), "k": "seed"}, as_=STAFF)
    cases = [
        (DEBIT, {"w": wallet, "a": eur(101), "k": "x1"}, ALICE, "INSUFFICIENT_FUNDS", "amount"),
        (DEBIT, {"w": wallet, "a": eur(0), "k": "x2"}, ALICE, "INVALID_AMOUNT", "amount.amount"),
        (DEBIT, {"w": wallet, "a": eur(-5), "k": "x3"}, ALICE, "INVALID_AMOUNT", "amount.amount"),
        (DEBIT, {"w": wallet, "a": {"amount": 5, "currency": "USD"}, "k": "x4"}, ALICE, "CURRENCY_MISMATCH", None),
        (DEBIT, {"w": "not-an-id", "a": eur(5), "k": "x5"}, ALICE, "INVALID_ID", "walletId"),
        (
            DEBIT,
            {"w": "00000000-0000-4000-8000-000000000000", "a": eur(5), "k": "x6"},
            ALICE,
            "WALLET_NOT_FOUND",
            "walletId",
        ),
        (DEBIT, {"w": wallet, "a": eur(5), "k": "x7"}, BOB, "FORBIDDEN", "walletId"),
        (DEBIT, {"w": wallet, "a": eur(5), "k": "x8"}, None, "UNAUTHENTICATED", None),
        (CREDIT, {"w": wallet, "a": eur(5), "k": "x9"}, ALICE, "FORBIDDEN", None),
        (DEBIT, {"w": wallet, "a": eur(5), "k": ""}, ALICE, "INVALID_INPUT", "idempotencyKey"),
    ]
    for query, variables, who, code, field in cases:
        body = gql(query, variables, as_=who)
        payload = next(iter(body["data"].values()))
        assert payload["userErrors"][0]["code"] == code, (variables, body)
        if field is not None:
            assert payload["userErrors"][0]["field"] == field
        assert payload["wallet"] is None
    history = gql(HISTORY, {"id": wallet}, as_=ALICE)["data"]["wallet"]
    assert history["balance"]["amount"] == 100 and len(history["transactions"]["edges"]) == 1


def test_queries_hide_foreign_and_unknown_wallets_behind_one_code(gql: GraphQL) -> None:
    wallet = open_wallet(gql, ALICE, "q")
    for who, wallet_id, code in [
        (BOB, wallet, "WALLET_NOT_FOUND"),
        (ALICE, "00000000-0000-4000-8000-000000000000", "WALLET_NOT_FOUND"),
        (ALICE, "1234", "INVALID_ID"),
        (None, wallet, "UNAUTHENTICATED"),
    ]:
        body = gql("query($id: ID!) { wallet(id: $id) { id } }", {"id": wallet_id}, as_=who)
        assert body["data"]["wallet"] is None and body["errors"][0]["extensions"]["code"] == code
    assert gql("query($id: ID!) { wallet(id: $id) { id } }", {"id": wallet}, as_=STAFF)["data"]["wallet"]["id"]
    body = gql(
        '{ _entities(representations: [{__typename: "User", id: "alice"}]) { ... on User { wallets { id } } } }',
        as_=BOB,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_http_level_failures_are_coded(gql: GraphQL, client: Any) -> None:
    bad_token = gql("{ me { id } }", as_="not.a.jwt")
    assert bad_token["_status"] == 401 and bad_token["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    import jwt

    expired = jwt.encode({"sub": "alice", "iss": "giftgraph-dev", "aud": "giftgraph", "exp": 1}, SECRET)
    assert gql("{ me { id } }", as_=expired)["_status"] == 401
    syntax = gql("{ me { id ")
    assert syntax["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    unknown = gql("{ me { nope } }", as_=ALICE)
    assert unknown["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    huge = client.post(
        "/graphql",
        content=b'{"query": "' + b" " * (10 * 1024 * 1024) + b'{ me { id } }"}',
        headers={"content-type": "application/json", "authorization": f"Bearer {ALICE}"},
    )
    assert huge.status_code == 413 and huge.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_unexpected_errors_are_masked(gql: GraphQL, engine: Any) -> None:
    with engine.begin() as connection:
        from sqlalchemy import text

        connection.execute(text("DROP TABLE wallet_transactions"))
    wallet = open_wallet(gql, ALICE, "m")
    body = gql(HISTORY, {"id": wallet}, as_=ALICE)
    error = body["errors"][0]
    assert error["message"] == "Internal server error" and error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "wallet_transactions" not in str(body) and "Traceback" not in str(body)


def test_schema_is_federation_2_9_and_fully_described() -> None:
    sdl = print_sdl()
    assert 'url: "https://specs.apollo.dev/federation/v2.9"' in sdl
    assert 'type Wallet @key(fields: "id")' in sdl and 'type User @key(fields: "id")' in sdl
    assert "me: User @shareable @authenticated" in sdl
    assert '@requiresScopes(scopes: [["staff"], ["wallet:credit"]])' in sdl
    schema = parse_sdl(sdl.split("\n", 4)[-1], assume_valid_sdl=True)
    missing: list[str] = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("_") or name in {"String", "Int", "Boolean", "ID", "Float"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        if is_object_type(graphql_type) or is_input_object_type(graphql_type):
            for field_name, field in graphql_type.fields.items():
                if field_name.startswith("_"):
                    continue
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if is_enum_type(graphql_type):
            missing += [f"{name}.{v}" for v, value in graphql_type.values.items() if not value.description]
    assert missing == []


@pytest.mark.parametrize("required", [True, False])
def test_router_secret_guards_entities_and_service(
    required: bool, database_url: str, engine: Any, tmp_path: Any
) -> None:
    from subgraphs.wallet.app import create_app
    from tests.shared.asgi import asgi_client
    from tests.wallet.conftest import settings_for

    secret = "r" * 40
    app = create_app(
        settings_for(database_url, tmp_path, router_secret=secret, require_router_secret=required), engine=engine
    )
    service = {"query": "{ _service { sdl } }"}
    with asgi_client(app, "http://w") as client:
        without = client.post("/graphql", json=service)
        wrong = client.post("/graphql", json=service, headers={"x-router-secret": "x" * 40})
        right = client.post("/graphql", json=service, headers={"x-router-secret": secret})
    assert right.json()["data"]["_service"]["sdl"]
    for response in (without, wrong):
        if required:
            assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
            assert response.json().get("data") is None
        else:
            assert response.json()["data"]["_service"]["sdl"]


def test_a_credit_on_behalf_of_a_user_lands_only_in_that_users_wallet(gql: GraphQL) -> None:
    """The giftcard relay names the redeemer as `beneficiaryId`: another user's wallet is WALLET_NOT_FOUND (the
    same answer as a missing wallet), nothing is booked, and the owner's own wallet is credited."""
    on_behalf = """mutation($w: ID!, $b: ID, $k: String!) {
      creditWallet(walletId: $w, amount: {amount: 70, currency: "EUR"}, reason: "redemption", idempotencyKey: $k,
                   reference: $k, beneficiaryId: $b) {
        wallet { balance { amount } } transaction { id } userErrors { code message field } } }"""
    service = token("service:giftcard-relay", "wallet:credit")
    alice_wallet = open_wallet(gql, ALICE, "ben-a")
    bob_wallet = open_wallet(gql, BOB, "ben-b")
    missing = "00000000-0000-4000-8000-000000000000"
    refused = gql(on_behalf, {"w": bob_wallet, "b": "alice", "k": "r1"}, as_=service)["data"]["creditWallet"]
    absent = gql(on_behalf, {"w": missing, "b": "alice", "k": "r2"}, as_=service)["data"]["creditWallet"]
    assert refused["transaction"] is None and refused["wallet"] is None
    assert [e["code"] for e in refused["userErrors"]] == ["WALLET_NOT_FOUND"]
    shape = [{**e, "message": e["message"].split()[:2]} for e in refused["userErrors"]]
    assert shape == [{**e, "message": e["message"].split()[:2]} for e in absent["userErrors"]]
    bad = gql(on_behalf, {"w": alice_wallet, "b": "", "k": "r3"}, as_=service)["data"]["creditWallet"]
    assert [(e["code"], e["field"]) for e in bad["userErrors"]] == [("INVALID_INPUT", "beneficiaryId")]
    booked = gql(on_behalf, {"w": alice_wallet, "b": "alice", "k": "r4"}, as_=service)["data"]["creditWallet"]
    assert booked["userErrors"] == [] and booked["wallet"] == {"balance": {"amount": 70}}
    # the refused key left nothing behind: the same key for the owner's wallet is a fresh credit, not a replay
    retried = gql(on_behalf, {"w": bob_wallet, "b": "bob", "k": "r1"}, as_=service)["data"]["creditWallet"]
    assert retried["userErrors"] == [] and retried["wallet"] == {"balance": {"amount": 70}}
    balances = [
        gql(HISTORY, {"id": w}, as_=STAFF)["data"]["wallet"]["balance"]["amount"] for w in (alice_wallet, bob_wallet)
    ]
    assert balances == [70, 70]


def test_a_forged_cursor_is_invalid_pagination_not_an_internal_error(gql: GraphQL) -> None:
    wallet = open_wallet(gql, ALICE, "forged")
    for key in ("abc", 2**70):
        forged = encode_cursor(f"wallet-tx:{wallet}", (key,))
        body = gql(HISTORY, {"id": wallet, "after": forged}, as_=ALICE)
        assert body["data"] == {"wallet": None}
        assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_PAGINATION"]
