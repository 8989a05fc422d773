"""The relay's I/O seams against scripted HTTP (httpx.MockTransport): the service token sources and the
`creditWallet` call."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qs

import httpx
import pytest

from subgraphs.giftcard.domain.delivery import Outcome
from subgraphs.giftcard.domain.model import Redemption, RedemptionStatus
from subgraphs.giftcard.relay.service_token import (
    ClientCredentialsTokenSource,
    SelfSignedTokenSource,
    TokenUnavailableError,
)
from subgraphs.giftcard.relay.wallet_client import WalletCreditClient
from subgraphs.shared.money import Money
from subgraphs.shared.settings import DEV_AUDIENCE, DEV_ISSUER
from subgraphs.shared.tokens import TokenVerifier
from tests.giftcard.conftest import SECRET


def test_the_self_signed_token_is_a_service_token_with_the_credit_scope() -> None:
    source = SelfSignedTokenSource(
        secret=SECRET, subject="service:giftcard-relay", issuer=DEV_ISSUER, audience=DEV_AUDIENCE
    )
    first = asyncio.run(source.token())
    assert asyncio.run(source.token()) == first  # cached
    caller = TokenVerifier(issuer=DEV_ISSUER, audience=DEV_AUDIENCE, algorithms=["HS256"], secret=SECRET).verify(first)
    assert caller.sub == "service:giftcard-relay" and caller.is_service and caller.has_scope("wallet:credit")


def test_client_credentials_are_exchanged_once_and_failures_are_retryable() -> None:
    calls: list[httpx.Request] = []
    answers = iter(
        [
            httpx.Response(200, json={"access_token": "t1", "expires_in": 3600}),
            httpx.Response(200, json={"access_token": "t2", "expires_in": 30}),
            httpx.Response(200, json={"access_token": "t3", "expires_in": 30}),
            httpx.Response(401, json={"error": "invalid_client"}),
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return next(answers)

    async def scenario() -> list[str]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            source = ClientCredentialsTokenSource(
                url="https://idp/token", client_id="relay", client_secret="s3", http=http
            )
            got = [await source.token(), await source.token()]  # the second comes from the cache
            fresh = ClientCredentialsTokenSource(
                url="https://idp/token", client_id="relay", client_secret="s3", http=http
            )
            got += [await fresh.token(), await fresh.token()]  # 30 s left is too little: fetched again
            with pytest.raises(TokenUnavailableError):
                await fresh.token()
            return got

    assert asyncio.run(scenario()) == ["t1", "t1", "t2", "t3"]
    assert len(calls) == 4
    form = parse_qs(calls[0].content.decode())
    assert form == {"grant_type": ["client_credentials"], "scope": ["wallet:credit"]}
    assert calls[0].headers["authorization"] == "Basic " + base64.b64encode(b"relay:s3").decode()


def _redemption() -> Redemption:
    return Redemption(
        id=str(uuid.uuid4()),
        gift_card_id=str(uuid.uuid4()),
        wallet_id=str(uuid.uuid4()),
        amount=Money(250, "EUR"),
        status=RedemptionStatus.PENDING,
        redeemed_by="alice",
        created_at=datetime.now(UTC),
    )


def test_the_credit_uses_the_redemption_id_as_reference_and_key() -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append({"auth": request.headers["authorization"], **json.loads(request.content)})
        return httpx.Response(200, json={"data": {"creditWallet": {"transaction": {"id": "t"}, "userErrors": []}}})

    redemption = _redemption()
    source = SelfSignedTokenSource(secret=SECRET, subject="relay", issuer=DEV_ISSUER, audience=DEV_AUDIENCE)

    async def scenario() -> Outcome:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            client = WalletCreditClient(url="http://router/graphql", tokens=source, http=http)
            return (await client.credit(redemption)).outcome

    assert asyncio.run(scenario()) is Outcome.DELIVERED
    (sent,) = seen
    assert sent["variables"] == {
        "walletId": redemption.wallet_id,
        "amount": {"amount": 250, "currency": "EUR"},
        "reason": "gift card redemption",
        "key": redemption.id,
        "reference": redemption.id,
        "beneficiary": "alice",  # the redeemer: the wallet refuses a wallet that is not theirs
    }
    assert str(sent["auth"]).startswith("Bearer ")


def test_network_trouble_is_a_retry_never_a_refusal() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    source = SelfSignedTokenSource(secret=SECRET, subject="relay", issuer=DEV_ISSUER, audience=DEV_AUDIENCE)

    async def scenario() -> Outcome:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            client = WalletCreditClient(url="http://router/graphql", tokens=source, http=http)
            return (await client.credit(_redemption())).outcome

    assert asyncio.run(scenario()) is Outcome.RETRY
