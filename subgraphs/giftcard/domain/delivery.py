"""What the relay makes of the wallet's answer to `creditWallet`, and when it tries again. Pure.

- `DELIVERED`: the wallet booked the credit (first time or a replay of the same reference): COMPLETED.
- `REFUSED`: the wallet said no for good (frozen, closed, unknown wallet, wrong currency, balance limit): the card is
  refunded and the redemption FAILED with the reason.
- `RETRY`: anything we cannot be sure of (network, 5xx, a GraphQL error, a concurrent duplicate still running, an
  auth problem, an unexpected code). Never refunded on doubt: money is only given back when the wallet said no.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: Wallet error codes that are final refusals.
PERMANENT_CODES = frozenset(
    {"WALLET_FROZEN", "WALLET_CLOSED", "WALLET_NOT_FOUND", "CURRENCY_MISMATCH", "INVALID_AMOUNT", "INVALID_ID"}
)


class Outcome(StrEnum):
    """What to do with one delivery."""

    DELIVERED = "DELIVERED"
    REFUSED = "REFUSED"
    RETRY = "RETRY"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome and, for REFUSED and RETRY, why."""

    outcome: Outcome
    reason: str | None = None


def judge_credit_response(status_code: int, body: object) -> Verdict:
    """Classify the HTTP status and JSON body of a `creditWallet` call."""
    if status_code >= 500 or status_code in (401, 403, 408, 429):
        return Verdict(Outcome.RETRY, f"HTTP {status_code}")
    if not isinstance(body, dict):
        return Verdict(Outcome.RETRY, f"HTTP {status_code} without a JSON object")
    data = body.get("data")
    payload = data.get("creditWallet") if isinstance(data, dict) else None
    if not isinstance(payload, dict):
        errors = body.get("errors")
        first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
        code = (first.get("extensions") or {}).get("code") if isinstance(first, dict) else None
        return Verdict(Outcome.RETRY, f"GraphQL error {code or 'without code'}")
    user_errors = payload.get("userErrors") or []
    if not user_errors:
        transaction = payload.get("transaction")
        if isinstance(transaction, dict) and transaction.get("id"):
            return Verdict(Outcome.DELIVERED)
        return Verdict(Outcome.RETRY, "no transaction in the answer")
    first_error = user_errors[0] if isinstance(user_errors[0], dict) else {}
    code = str(first_error.get("code"))
    if code in PERMANENT_CODES:
        return Verdict(Outcome.REFUSED, f"{code}: {first_error.get('message', '')}"[:500])
    return Verdict(Outcome.RETRY, f"wallet answered {code}")


def backoff_seconds(attempts: int, *, base: float, cap: float) -> float:
    """Exponential backoff after `attempts` failed deliveries: base * 2^(n-1), at most `cap`."""
    return float(min(cap, base * 2 ** max(0, min(attempts - 1, 30))))
