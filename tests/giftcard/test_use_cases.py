"""The giftcard use cases on SQLite and PostgreSQL: issue, claim, redeem, staff actions, idempotency, and that a
refused mutation changes nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from subgraphs.giftcard.domain.errors import (
    GiftCardNotActiveError,
    GiftCardNotFoundError,
    InsufficientBalanceError,
    InvalidCodeError,
    InvalidStatusChangeError,
)
from subgraphs.giftcard.domain.model import ActivityKind, CardStatus, RedemptionStatus
from subgraphs.giftcard.persistence.tables import gift_card_activities, gift_cards, redemption_outbox
from subgraphs.giftcard.use_cases import (
    adjust_gift_card,
    change_status,
    claim_gift_card,
    gift_card_by_code,
    issue_gift_cards,
    redeem_gift_card,
)
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.errors import (
    CurrencyMismatchError,
    DomainError,
    ForbiddenError,
    IdempotencyKeyReusedError,
    InvalidAmountError,
    InvalidInputError,
    UnauthenticatedError,
)
from subgraphs.shared.ids import InvalidIdError
from subgraphs.shared.pagination import PageRequest, page_request
from tests.giftcard.conftest import ALICE, BOB, ISSUER, STAFF, runtime_on
from tests.giftcard.helpers import issue_one, snapshot

WALLET = str(uuid.uuid4())


def test_issue_many_cards_stores_only_hashes(runtime: GiftCardRuntime, engine: Engine) -> None:
    issued = issue_gift_cards(
        runtime, ISSUER, amount=2500, currency="EUR", count=25, idempotency_key="batch-1", note="promo"
    )
    assert len(issued) == 25
    codes = [item.code for item in issued]
    assert all(code is not None for code in codes) and len(set(codes)) == 25
    for item in issued:
        assert item.code is not None and item.card.last4 == item.code[-4:]
        assert item.card.balance.amount == item.card.initial_value.amount == 2500
        assert item.card.owner_id is None
    dump = repr(snapshot(engine))
    for code in codes:
        assert code is not None
        assert code not in dump and code.replace("-", "") not in dump
    with engine.connect() as connection:
        kinds = [row.kind for row in connection.execute(select(gift_card_activities))]
    assert kinds == ["ISSUE"] * 25


def test_issue_replay_returns_the_same_cards_without_codes(runtime: GiftCardRuntime) -> None:
    first = issue_gift_cards(runtime, ISSUER, amount=100, currency="EUR", count=3, idempotency_key="k")
    again = issue_gift_cards(runtime, ISSUER, amount=100, currency="EUR", count=3, idempotency_key="k")
    assert [item.card.id for item in again] == [item.card.id for item in first]
    assert all(item.code is None for item in again)
    with pytest.raises(IdempotencyKeyReusedError):
        issue_gift_cards(runtime, ISSUER, amount=100, currency="EUR", count=4, idempotency_key="k")


@pytest.mark.parametrize(
    ("caller", "kwargs", "error"),
    [
        (None, {}, UnauthenticatedError),
        (ALICE, {}, ForbiddenError),
        (ISSUER, {"count": 1001}, InvalidInputError),
        (ISSUER, {"count": 0}, InvalidInputError),
        (ISSUER, {"amount": 0}, InvalidAmountError),
        (ISSUER, {"amount": 2**31}, InvalidAmountError),
        (ISSUER, {"currency": "XXX"}, DomainError),
        (ISSUER, {"expires_at": datetime(2000, 1, 1, tzinfo=UTC)}, InvalidInputError),
        (ISSUER, {"expires_at": datetime(2100, 1, 1)}, InvalidInputError),
    ],
)
def test_issue_refusals_change_nothing(
    runtime: GiftCardRuntime, engine: Engine, caller: object, kwargs: dict[str, object], error: type[Exception]
) -> None:
    before = snapshot(engine)
    arguments: dict[str, object] = {"amount": 100, "currency": "EUR", "count": 2, "idempotency_key": "x", **kwargs}
    with pytest.raises(error):
        issue_gift_cards(runtime, caller, **arguments)  # type: ignore[arg-type]
    assert snapshot(engine) == before


def test_claim_attaches_the_card_once(runtime: GiftCardRuntime) -> None:
    issued = issue_one(runtime, key="c")
    assert issued.code is not None
    card = claim_gift_card(runtime, ALICE, code=issued.code.lower(), idempotency_key="claim")
    assert card.owner_id == "alice"
    # the owner claiming again is a no-op; someone else gets the same error as for a wrong code
    assert claim_gift_card(runtime, ALICE, code=issued.code, idempotency_key="claim-2").owner_id == "alice"
    with pytest.raises(InvalidCodeError):
        claim_gift_card(runtime, BOB, code=issued.code, idempotency_key="claim")
    with runtime.unit_of_work() as uow:
        activities = uow.cards.activities(card.id, _page())
    assert [a.kind for a in activities] == [ActivityKind.CLAIM, ActivityKind.ISSUE]


def _page() -> PageRequest:
    return page_request("t", 100, None)


def test_redeem_debits_and_queues_one_delivery(runtime: GiftCardRuntime, engine: Engine) -> None:
    issued = issue_one(runtime, 1000, key="r")
    assert issued.code is not None
    result = redeem_gift_card(
        runtime, ALICE, code=issued.code, wallet_id=WALLET, amount=400, currency="EUR", idempotency_key="r1"
    )
    assert result.card.balance.amount == 600
    assert result.redemption.status is RedemptionStatus.PENDING
    assert result.redemption.amount.amount == 400 and result.redemption.wallet_id == WALLET
    replay = redeem_gift_card(
        runtime, ALICE, code=issued.code, wallet_id=WALLET, amount=400, currency="EUR", idempotency_key="r1"
    )
    assert replay.redemption.id == result.redemption.id and replay.card.balance.amount == 600
    with pytest.raises(IdempotencyKeyReusedError):
        redeem_gift_card(
            runtime, ALICE, code=issued.code, wallet_id=WALLET, amount=401, currency="EUR", idempotency_key="r1"
        )
    with engine.connect() as connection:
        outbox = list(connection.execute(select(redemption_outbox)))
        balance = connection.execute(select(gift_cards.c.balance)).scalar_one()
        redeems = list(connection.execute(select(gift_card_activities).where(gift_card_activities.c.kind == "REDEEM")))
    assert [row.redemption_id for row in outbox] == [result.redemption.id]
    assert balance == 600
    assert [(row.amount, row.balance_after, row.reference) for row in redeems] == [(-400, 600, result.redemption.id)]


def test_redeem_refusals_change_nothing(runtime: GiftCardRuntime, engine: Engine) -> None:
    issued = issue_one(runtime, 500, key="r", owner_id="alice")
    assert issued.code is not None
    card_id = issued.card.id
    before = snapshot(engine)
    cases: list[tuple[dict[str, object], type[Exception]]] = [
        ({"gift_card_id": card_id, "amount": 501}, InsufficientBalanceError),
        ({"gift_card_id": card_id, "amount": 0}, InvalidAmountError),
        ({"gift_card_id": card_id, "amount": -5}, InvalidAmountError),
        ({"gift_card_id": card_id, "currency": "USD"}, CurrencyMismatchError),
        ({"gift_card_id": card_id, "wallet_id": "not-a-uuid"}, InvalidIdError),
        ({"gift_card_id": "nope"}, InvalidIdError),
        ({"gift_card_id": str(uuid.uuid4())}, GiftCardNotFoundError),
        ({"gift_card_id": card_id, "caller": BOB}, GiftCardNotFoundError),
        ({"gift_card_id": card_id, "code": issued.code}, InvalidInputError),
        ({}, InvalidInputError),
        ({"code": issued.code, "caller": BOB}, InvalidCodeError),
        ({"gift_card_id": card_id, "caller": None}, UnauthenticatedError),
    ]
    for n, (overrides, error) in enumerate(cases):
        arguments: dict[str, object] = {
            "caller": ALICE,
            "wallet_id": WALLET,
            "amount": 100,
            "currency": "EUR",
            "idempotency_key": f"bad-{n}",
            **overrides,
        }
        caller = arguments.pop("caller")
        with pytest.raises(error):
            redeem_gift_card(runtime, caller, **arguments)  # type: ignore[arg-type]
        current = snapshot(engine)
        current.pop("code_guess_windows")  # failed code lookups are counted on purpose
        expected = dict(before)
        expected.pop("code_guess_windows")
        assert current == expected, overrides


def test_staff_actions(runtime: GiftCardRuntime) -> None:
    issued = issue_one(runtime, 300, key="s", owner_id="alice")
    assert issued.code is not None
    card_id = issued.card.id
    with pytest.raises(ForbiddenError):
        adjust_gift_card(
            runtime, ALICE, gift_card_id=card_id, amount=5, currency="EUR", reason="x", idempotency_key="a"
        )
    card = adjust_gift_card(
        runtime, STAFF, gift_card_id=card_id, amount=-100, currency="EUR", reason="fix", idempotency_key="a1"
    )
    assert card.balance.amount == 200
    with pytest.raises(InsufficientBalanceError):
        adjust_gift_card(
            runtime, STAFF, gift_card_id=card_id, amount=-201, currency="EUR", reason="no", idempotency_key="a2"
        )
    with pytest.raises(InvalidInputError):
        adjust_gift_card(
            runtime, STAFF, gift_card_id=card_id, amount=10, currency="EUR", reason=" ", idempotency_key="a3"
        )
    blocked = change_status(runtime, STAFF, kind=ActivityKind.BLOCK, gift_card_id=card_id, idempotency_key="b")
    now = runtime.clock()
    assert blocked.effective_status(now) is CardStatus.BLOCKED
    with pytest.raises(InvalidCodeError):
        gift_card_by_code(runtime, ALICE, code=issued.code)
    with pytest.raises(GiftCardNotActiveError):
        redeem_gift_card(
            runtime, ALICE, gift_card_id=card_id, wallet_id=WALLET, amount=1, currency="EUR", idempotency_key="x"
        )
    with pytest.raises(InvalidStatusChangeError):
        change_status(runtime, STAFF, kind=ActivityKind.BLOCK, gift_card_id=card_id, idempotency_key="b2")
    change_status(runtime, STAFF, kind=ActivityKind.UNBLOCK, gift_card_id=card_id, idempotency_key="u")
    assert gift_card_by_code(runtime, ALICE, code=issued.code).balance.amount == 200
    gone = change_status(runtime, STAFF, kind=ActivityKind.DEACTIVATE, gift_card_id=card_id, idempotency_key="d")
    assert gone.effective_status(now) is CardStatus.DEACTIVATED
    for kind in (ActivityKind.UNBLOCK, ActivityKind.BLOCK, ActivityKind.DEACTIVATE):
        with pytest.raises(InvalidStatusChangeError):
            change_status(runtime, STAFF, kind=kind, gift_card_id=card_id, idempotency_key=f"again-{kind}")
    with runtime.unit_of_work() as uow:
        kinds = [a.kind.value for a in uow.cards.activities(card_id, _page())]
        sums = uow.cards.ledger_sums()
    assert kinds == ["DEACTIVATE", "UNBLOCK", "BLOCK", "ADJUST", "ISSUE"]
    assert sums[card_id] == 200


def test_unusable_codes_all_look_the_same(runtime: GiftCardRuntime, engine: Engine) -> None:
    later = runtime.clock() + timedelta(days=1)
    expiring = issue_one(runtime, 100, key="e1", expires_at=later)
    emptied = issue_one(runtime, 100, key="e2", owner_id="alice")
    blocked = issue_one(runtime, 100, key="e3")
    someone_elses = issue_one(runtime, 100, key="e4", owner_id="bob")
    redeem_gift_card(
        runtime, ALICE, gift_card_id=emptied.card.id, wallet_id=WALLET, amount=100, currency="EUR", idempotency_key="z"
    )
    change_status(runtime, STAFF, kind=ActivityKind.BLOCK, gift_card_id=blocked.card.id, idempotency_key="b")
    in_two_days = runtime_on(engine, clock=lambda: datetime.now(UTC) + timedelta(days=2))
    assert expiring.code and emptied.code and blocked.code and someone_elses.code
    messages = set()
    for rt, code in [
        (in_two_days, expiring.code),
        (runtime, emptied.code),
        (runtime, blocked.code),
        (runtime, someone_elses.code),
        (runtime, "AAAA-BBBB-CCCC-DDDD"),
        (runtime, "nonsense"),
    ]:
        with pytest.raises(InvalidCodeError) as caught:
            gift_card_by_code(rt, ALICE, code=code)
        messages.add((caught.value.code, caught.value.message, caught.value.field))
    assert len(messages) == 1
    assert gift_card_by_code(runtime, ALICE, code=expiring.code).balance.amount == 100
