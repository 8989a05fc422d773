"""Pure rules: card statuses and balance changes, the relay's verdicts and backoff, the reconciliation comparison,
and the settings that refuse development conveniences outside development."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from subgraphs.giftcard.domain.delivery import Outcome, backoff_seconds, judge_credit_response
from subgraphs.giftcard.domain.errors import InsufficientBalanceError, InvalidStatusChangeError
from subgraphs.giftcard.domain.model import ActivityKind, CardStatus, GiftCard, LifecycleStatus
from subgraphs.giftcard.reconcile import CreditRecord, RedemptionRecord, compare
from subgraphs.giftcard.settings import DEV_CODE_PEPPER, GiftCardSettings
from subgraphs.shared.errors import CurrencyMismatchError
from subgraphs.shared.money import Money

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def card(balance: int = 500, **changes: Any) -> GiftCard:
    issued, _ = GiftCard.issue(
        code_hash="h",
        last_four="ABCD",
        value=Money(1000, "EUR"),
        expires_at=None,
        owner_id=None,
        note=None,
        actor="issuer",
        now=NOW,
    )
    values: dict[str, Any] = {
        "balance": Money(balance, "EUR"),
        **changes,
    }
    from dataclasses import replace

    return replace(issued, **values)


def test_effective_status_precedence() -> None:
    assert card().effective_status(NOW) is CardStatus.ACTIVE
    assert card(0).effective_status(NOW) is CardStatus.EMPTY
    assert card(0, expires_at=NOW).effective_status(NOW) is CardStatus.EXPIRED
    assert card(expires_at=NOW + timedelta(seconds=1)).effective_status(NOW) is CardStatus.ACTIVE
    blocked = card(0, expires_at=NOW, status=LifecycleStatus.BLOCKED)
    assert blocked.effective_status(NOW) is CardStatus.BLOCKED
    assert card(status=LifecycleStatus.DEACTIVATED).effective_status(NOW) is CardStatus.DEACTIVATED


def test_balance_changes_never_go_below_zero_or_mix_currencies() -> None:
    after, entry = card(500).redeem(Money(500, "EUR"), actor="a", now=NOW, reference="r")
    assert after.balance.amount == 0 and entry.amount.amount == -500 and entry.balance_after.amount == 0
    with pytest.raises(InsufficientBalanceError):
        card(500).redeem(Money(501, "EUR"), actor="a", now=NOW, reference="r")
    with pytest.raises(CurrencyMismatchError):
        card(500).redeem(Money(1, "USD"), actor="a", now=NOW, reference="r")
    refunded, entry = after.refund(Money(200, "EUR"), actor="relay", now=NOW, reference="r", reason="frozen")
    assert refunded.balance.amount == 200 and entry.kind is ActivityKind.REFUND


def test_status_changes() -> None:
    blocked, entry = card().change_status(ActivityKind.BLOCK, actor="s", now=NOW, reason=None)
    assert blocked.status is LifecycleStatus.BLOCKED and entry.amount.amount == 0
    with pytest.raises(InvalidStatusChangeError):
        card().change_status(ActivityKind.UNBLOCK, actor="s", now=NOW, reason=None)
    gone, _ = blocked.change_status(ActivityKind.DEACTIVATE, actor="s", now=NOW, reason=None)
    with pytest.raises(InvalidStatusChangeError):
        gone.change_status(ActivityKind.UNBLOCK, actor="s", now=NOW, reason=None)


def _credit(body: dict[str, Any]) -> dict[str, Any]:
    return {"data": {"creditWallet": body}}


@pytest.mark.parametrize(
    ("status", "body", "outcome"),
    [
        (200, _credit({"transaction": {"id": "t"}, "userErrors": []}), Outcome.DELIVERED),
        (
            200,
            _credit({"transaction": None, "userErrors": [{"code": "WALLET_FROZEN", "message": "m"}]}),
            Outcome.REFUSED,
        ),
        (
            200,
            _credit({"transaction": None, "userErrors": [{"code": "WALLET_CLOSED", "message": "m"}]}),
            Outcome.REFUSED,
        ),
        (
            200,
            _credit({"transaction": None, "userErrors": [{"code": "CURRENCY_MISMATCH", "message": "m"}]}),
            Outcome.REFUSED,
        ),
        (
            200,
            _credit({"transaction": None, "userErrors": [{"code": "WALLET_NOT_FOUND", "message": "m"}]}),
            Outcome.REFUSED,
        ),
        (
            200,
            _credit({"transaction": None, "userErrors": [{"code": "IDEMPOTENCY_KEY_IN_USE", "message": "m"}]}),
            Outcome.RETRY,
        ),
        (200, _credit({"transaction": None, "userErrors": [{"code": "FORBIDDEN", "message": "m"}]}), Outcome.RETRY),
        (
            200,
            _credit({"transaction": None, "userErrors": [{"code": "REFERENCE_CONFLICT", "message": "m"}]}),
            Outcome.RETRY,
        ),
        (200, _credit({"transaction": None, "userErrors": []}), Outcome.RETRY),
        (
            200,
            {"errors": [{"message": "x", "extensions": {"code": "UNAUTHORIZED_FIELD_OR_TYPE"}}], "data": None},
            Outcome.RETRY,
        ),
        (401, {"errors": [{"message": "x"}]}, Outcome.RETRY),
        (502, None, Outcome.RETRY),
        (200, ["not", "an", "object"], Outcome.RETRY),
    ],
)
def test_the_relay_only_refunds_when_the_wallet_said_no(status: int, body: object, outcome: Outcome) -> None:
    assert judge_credit_response(status, body).outcome is outcome


def test_backoff_doubles_up_to_the_cap() -> None:
    assert [backoff_seconds(n, base=0.5, cap=5) for n in range(1, 7)] == [0.5, 1, 2, 4, 5, 5]
    assert backoff_seconds(10_000, base=1, cap=60) == 60


R1 = RedemptionRecord("r1", "w1", 300, "EUR", "COMPLETED")
R2 = RedemptionRecord("r2", "w2", 200, "EUR", "FAILED")
R3 = RedemptionRecord("r3", "w1", 100, "EUR", "PENDING")
ACTIVITIES = [("REDEEM", "r1", -300), ("REDEEM", "r2", -200), ("REFUND", "r2", 200), ("REDEEM", "r3", -100)]
C1 = CreditRecord("r1", "w1", 300, "EUR", "relay")


def _diff(redemptions: Any = (R1, R2, R3), activities: Any = ACTIVITIES, credits: Any = (C1,), **kw: Any) -> list[str]:
    return compare(redemptions, activities, credits, kw.pop("drift", []), relay_actor="relay", **kw).differences


def test_reconciliation_agrees_with_consistent_books_and_counts_in_flight() -> None:
    report = compare([R1, R2, R3], ACTIVITIES, [C1], [], relay_actor="relay")
    assert report.differences == []
    assert (report.debited["EUR"], report.refunded["EUR"], report.credited["EUR"], report.in_flight["EUR"]) == (
        600,
        200,
        300,
        100,
    )
    # a PENDING redemption whose credit already landed is not in flight
    assert _diff(credits=[C1, CreditRecord("r3", "w1", 100, "EUR", "relay")]) == []


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"credits": []}, "COMPLETED but 0"),
        ({"credits": [C1, C1]}, "credited 2 times"),
        ({"credits": [CreditRecord("r1", "w1", 301, "EUR", "relay")]}, "other wallet/amount"),
        ({"credits": [C1, CreditRecord("r2", "w2", 200, "EUR", "relay")]}, "FAILED but 1"),
        ({"activities": ACTIVITIES[:2] + ACTIVITIES[3:]}, "FAILED but 0 credit(s), refund None"),
        ({"activities": [*ACTIVITIES, ("REFUND", "r3", 100)]}, "PENDING but refunded"),
        ({"credits": [C1, CreditRecord("ghost", "w1", 5, "EUR", "relay")]}, "no such redemption"),
        ({"drift": [("card", 5, 6)]}, "balance 5 != activity sum 6"),
        ({"require_settled": True}, "still PENDING"),
        ({"activities": [("REDEEM", "r1", -299), *ACTIVITIES[1:]]}, "card debit -299"),
    ],
)
def test_reconciliation_reports_each_kind_of_difference(change: dict[str, Any], needle: str) -> None:
    differences = _diff(**change)
    assert any(needle in d for d in differences), differences


def test_settings_refuse_development_conveniences_in_production() -> None:
    production: dict[str, Any] = {
        "environment": "production",
        "database_url": "postgresql://db/giftcard",
        "jwt_algorithms": ("RS256",),
        "jwt_jwks_url": "https://idp/jwks",
        "jwt_issuer": "https://idp",
        "router_secret": "r" * 40,
        "code_pepper": "p" * 40,
        "relay_token_url": "https://idp/token",
        "relay_client_id": "giftcard-relay",
        "relay_client_secret": "s" * 40,
    }
    assert GiftCardSettings(**production).pepper() == b"p" * 40
    for broken in ({"code_pepper": None}, {"code_pepper": DEV_CODE_PEPPER}, {"relay_token_url": None}):
        with pytest.raises(ValidationError):
            GiftCardSettings(**{**production, **broken})
    with pytest.raises(ValidationError):
        GiftCardSettings(code_pepper="short")
    with pytest.raises(ValidationError):
        GiftCardSettings(no_such_setting=1)  # type: ignore[call-arg]
    assert GiftCardSettings().pepper() == DEV_CODE_PEPPER.encode()
