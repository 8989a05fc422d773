"""Guessing protection: failed code lookups are counted per caller in the database; past the limit every lookup
(even with a right code) is TOO_MANY_ATTEMPTS until the window passes. Through real HTTP, 101 aliased guesses in one
request are 101 attempts."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from subgraphs.giftcard.domain.codes import format_code, generate_code
from subgraphs.giftcard.domain.errors import InvalidCodeError, TooManyAttemptsError
from subgraphs.giftcard.use_cases import claim_gift_card, gift_card_by_code, redeem_gift_card
from subgraphs.giftcard.use_cases.housekeeping import purge_expired
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.errors import DomainError
from tests.giftcard.conftest import ALICE, BOB, PEPPER, SECRET, runtime_on, token
from tests.giftcard.helpers import issue_one, snapshot
from tests.support.processes import ServerProcess, free_port, python_module


def _wrong() -> str:
    return format_code(generate_code())


def test_limit_counts_failures_of_every_lookup_kind_then_refuses_even_right_codes(
    runtime: GiftCardRuntime, engine: Engine
) -> None:
    good = issue_one(runtime, 100, key="g")
    assert good.code
    wallet = str(uuid.uuid4())
    earlier = redeem_gift_card(
        runtime, ALICE, code=good.code, wallet_id=wallet, amount=10, currency="EUR", idempotency_key="early"
    )
    lookups: list[Callable[[], object]] = [
        lambda: gift_card_by_code(runtime, ALICE, code=_wrong()),
        lambda: claim_gift_card(runtime, ALICE, code=_wrong(), idempotency_key=secrets.token_hex(4)),
        lambda: redeem_gift_card(
            runtime,
            ALICE,
            code=_wrong(),
            wallet_id=wallet,
            amount=1,
            currency="EUR",
            idempotency_key=secrets.token_hex(4),
        ),
    ]
    for n in range(10):
        with pytest.raises(InvalidCodeError):
            lookups[n % 3]()
    assert gift_card_by_code(runtime, BOB, code=good.code).balance.amount == 90  # bob has his own count
    before = snapshot(engine)
    right = good.code
    attempts: list[Callable[[], object]] = [
        lambda: gift_card_by_code(runtime, ALICE, code=right),
        lambda: claim_gift_card(runtime, ALICE, code=right, idempotency_key="late"),
    ]
    for attempt in attempts:
        with pytest.raises(TooManyAttemptsError):
            attempt()
    assert snapshot(engine) == before  # refused lookups change nothing, not even the count
    # a replay looks no code up: it still answers with the first result
    replay = redeem_gift_card(
        runtime, ALICE, code=good.code, wallet_id=wallet, amount=10, currency="EUR", idempotency_key="early"
    )
    assert replay.redemption.id == earlier.redemption.id


def test_the_window_passes_and_every_replica_shares_the_count(engine: Engine) -> None:
    now = [datetime.now(UTC)]
    replica_a = runtime_on(engine, guess_limit=3, clock=lambda: now[0])
    replica_b = runtime_on(engine, guess_limit=3, clock=lambda: now[0])
    for replica in (replica_a, replica_b, replica_a):
        with pytest.raises(InvalidCodeError):
            gift_card_by_code(replica, ALICE, code=_wrong())
    with pytest.raises(TooManyAttemptsError):
        gift_card_by_code(replica_b, ALICE, code=_wrong())
    now[0] += timedelta(minutes=10)
    with pytest.raises(InvalidCodeError):
        gift_card_by_code(replica_b, ALICE, code=_wrong())


def test_concurrent_guesses_cannot_overrun_the_limit(engine: Engine) -> None:
    runtime = runtime_on(engine, guess_limit=10)

    def guess(_: int) -> str:
        try:
            gift_card_by_code(runtime, ALICE, code=_wrong())
        except DomainError as error:
            return error.code
        return "FOUND"

    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(guess, range(60)))
    assert codes.count("INVALID_CODE") == 10
    assert codes.count("TOO_MANY_ATTEMPTS") == 50


def test_101_aliased_guesses_in_one_http_request_are_101_attempts(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'giftcard.db'}"
    env = {
        "GIFTCARD_DATABASE_URL": db,
        "GIFTCARD_JWT_SECRET": SECRET,
        "GIFTCARD_CODE_PEPPER": PEPPER.decode(),
        "GIFTCARD_DEV_DIR": str(tmp_path),
        "GIFTCARD_RELAY_ENABLED": "false",
    }
    port = free_port()
    server = ServerProcess(
        python_module("subgraphs.giftcard", "serve", "--migrate", "--port", str(port)),
        port=port,
        env=env,
        log_path=tmp_path / "giftcard.log",
    )
    server.start()
    try:
        issued = httpx.post(
            f"{server.url}/graphql",
            json={
                "query": 'mutation { issueGiftCards(value: {amount: 500, currency: "EUR"}, count: 1, '
                'idempotencyKey: "i") { issued { code } userErrors { code } } }'
            },
            headers={"authorization": f"Bearer {token('issuer', 'giftcards:issue')}"},
        ).json()
        right = issued["data"]["issueGiftCards"]["issued"][0]["code"]
        guesses = [_wrong() for _ in range(100)] + [right]  # the right code comes last: too late
        fields = " ".join(
            f'g{n}: giftCardBalance(code: "{code}") {{ balance {{ amount }} }}' for n, code in enumerate(guesses)
        )
        response = httpx.post(
            f"{server.url}/graphql",
            json={"query": f"{{ {fields} }}"},
            headers={"authorization": f"Bearer {token('mallory')}"},
            timeout=60,
        )
        body = response.json()
        codes = [error["extensions"]["code"] for error in body["errors"]]
        assert len(codes) == 101
        assert codes.count("INVALID_CODE") == 10
        assert codes.count("TOO_MANY_ATTEMPTS") == 91
        assert body["data"] == {f"g{n}": None for n in range(101)}
        # another caller is not affected, and the code was never exposed in the server's log
        ok = httpx.post(
            f"{server.url}/graphql",
            json={"query": f'{{ giftCardBalance(code: "{right}") {{ balance {{ amount }} last4 }} }}'},
            headers={"authorization": f"Bearer {token('alice')}"},
        ).json()
        assert ok["data"]["giftCardBalance"] == {"balance": {"amount": 500}, "last4": right[-4:]}
    finally:
        server.stop()
    log = (tmp_path / "giftcard.log").read_text()
    assert right not in log and right.replace("-", "") not in log


def test_housekeeping_purges_expired_keys_and_passed_windows(engine: Engine) -> None:
    now = [datetime.now(UTC)]
    runtime = runtime_on(engine, clock=lambda: now[0])
    issue_one(runtime, 100, key="kept-a-day")
    with pytest.raises(InvalidCodeError):
        gift_card_by_code(runtime, ALICE, code=_wrong())
    assert purge_expired(runtime) == (0, 0)  # nothing has expired yet
    now[0] += timedelta(minutes=11)
    assert purge_expired(runtime) == (0, 1)  # the window passed; the key is kept 24 h
    now[0] += timedelta(hours=24)
    assert purge_expired(runtime) == (1, 0)
    tables = snapshot(engine)
    assert tables["giftcard_idempotency_keys"] == [] and tables["code_guess_windows"] == []
