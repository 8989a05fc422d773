"""The `creditWallet` call over HTTP: the redemption id is both the credit's reference and its idempotency key,
so however often it is sent, the wallet books it once. The redeemer is the credit's `beneficiaryId`: this service
cannot see who owns a wallet, so the wallet refuses (WALLET_NOT_FOUND, a permanent refusal: refund) a redemption
into someone else's wallet."""

from __future__ import annotations

import httpx

from subgraphs.giftcard.domain.delivery import Outcome, Verdict, judge_credit_response
from subgraphs.giftcard.domain.model import Redemption
from subgraphs.giftcard.relay.service_token import ServiceTokenSource, TokenUnavailableError

CREDIT_MUTATION = """
mutation RedeemGiftCardCredit(
  $walletId: ID!, $amount: MoneyInput!, $reason: String!, $key: String!, $reference: String, $beneficiary: ID
) {
  creditWallet(
    walletId: $walletId, amount: $amount, reason: $reason, idempotencyKey: $key, reference: $reference,
    beneficiaryId: $beneficiary
  ) {
    transaction { id }
    userErrors { code message }
  }
}
"""
#: Constant, so every resend of a redemption is the same request to the wallet's idempotency store.
CREDIT_REASON = "gift card redemption"


class WalletCreditClient:
    """Sends one redemption's credit and judges the answer."""

    def __init__(self, *, url: str, tokens: ServiceTokenSource, http: httpx.AsyncClient) -> None:
        self._url = url
        self._tokens = tokens
        self._http = http

    async def credit(self, redemption: Redemption) -> Verdict:
        """DELIVERED, REFUSED (with the wallet's reason) or RETRY; never raises for network trouble."""
        try:
            token = await self._tokens.token()
        except TokenUnavailableError as exc:
            return Verdict(Outcome.RETRY, str(exc))
        variables = {
            "walletId": redemption.wallet_id,
            "amount": {"amount": redemption.amount.amount, "currency": redemption.amount.currency},
            "reason": CREDIT_REASON,
            "key": redemption.id,
            "reference": redemption.id,
            "beneficiary": redemption.redeemed_by,
        }
        try:
            response = await self._http.post(
                self._url,
                json={"query": CREDIT_MUTATION, "variables": variables, "operationName": "RedeemGiftCardCredit"},
                headers={
                    "authorization": f"Bearer {token}",
                    "accept": "application/graphql-response+json, application/json",
                },
            )
        except httpx.HTTPError as exc:
            return Verdict(Outcome.RETRY, f"{type(exc).__name__} talking to {self._url}")
        try:
            body: object = response.json()
        except ValueError:
            body = None
        return judge_credit_response(response.status_code, body)
