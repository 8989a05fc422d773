"""The idempotency store: first result replayed, different input refused, expiry, one owner under a race."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, Table, func, select

from subgraphs.shared.database import create_database_engine, session_factory
from subgraphs.shared.errors import IdempotencyKeyReusedError, InvalidInputError
from subgraphs.shared.idempotency import IdempotencyStore, idempotency_table, request_hash
from subgraphs.shared.unit_of_work import UnitOfWork


@pytest.fixture
def setup(database_url: str) -> Iterator[tuple[Engine, Table, IdempotencyStore]]:
    engine = create_database_engine(database_url)
    table = idempotency_table(MetaData(), "test_idempotency_keys")
    table.metadata.create_all(engine)  # test-only table; services create theirs with Alembic
    try:
        yield engine, table, IdempotencyStore(table)
    finally:
        engine.dispose()


def rows(engine: Engine, table: Table) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_claim_record_replay_and_reuse(setup: tuple[Engine, Table, IdempotencyStore]) -> None:
    engine, table, store = setup
    sessions = session_factory(engine)
    ident: dict[str, Any] = {"scope": "alice", "operation": "debit", "key": "k1"}
    with UnitOfWork(sessions) as uow:
        assert store.claim(uow.session, request={"amount": 5}, **ident) is None
        store.record(uow.session, response='{"ok":1}', **ident)
        uow.commit()
    with UnitOfWork(sessions) as uow:
        assert store.claim(uow.session, request={"amount": 5}, **ident) == '{"ok":1}'
    with UnitOfWork(sessions) as uow, pytest.raises(IdempotencyKeyReusedError) as info:
        store.claim(uow.session, request={"amount": 6}, **ident)
    assert info.value.code == "IDEMPOTENCY_KEY_REUSED" and info.value.field == "idempotencyKey"
    # The same key is independent per caller and per operation.
    for other in ({**ident, "scope": "bob"}, {**ident, "operation": "credit"}):
        with UnitOfWork(sessions) as uow:
            assert store.claim(uow.session, request={"amount": 6}, **other) is None
    assert rows(engine, table) == 1  # those two claims were rolled back with their units of work


def test_rolled_back_claim_leaves_the_key_free(setup: tuple[Engine, Table, IdempotencyStore]) -> None:
    engine, table, store = setup
    sessions = session_factory(engine)
    ident: dict[str, Any] = {"scope": "alice", "operation": "debit", "key": "k2"}
    with pytest.raises(RuntimeError), UnitOfWork(sessions) as uow:
        assert store.claim(uow.session, request={}, **ident) is None
        raise RuntimeError("the effect failed")
    assert rows(engine, table) == 0
    with UnitOfWork(sessions) as uow:
        assert store.claim(uow.session, request={}, **ident) is None


def test_expired_keys_are_free_again_and_purged(setup: tuple[Engine, Table, IdempotencyStore]) -> None:
    engine, table, store = setup
    sessions = session_factory(engine)
    ident: dict[str, Any] = {"scope": "alice", "operation": "debit", "key": "k3"}
    then = datetime.now(UTC) - timedelta(hours=25)
    with UnitOfWork(sessions) as uow:
        store.claim(uow.session, request={"a": 1}, now=then, **ident)
        store.record(uow.session, response="old", **ident)
        store.claim(uow.session, request={"a": 1}, now=then, scope="x", operation="y", key="z")
        store.record(uow.session, response="old", scope="x", operation="y", key="z")
        uow.commit()
    with UnitOfWork(sessions) as uow:
        # 25 h later the key was kept (>= 24 h) but has expired: new input is accepted as a new request.
        assert store.claim(uow.session, request={"a": 2}, **ident) is None
        assert store.purge_expired(uow.session) == 1
        uow.commit()
    assert rows(engine, table) == 1


def test_keys_are_validated_and_ttl_has_a_floor(setup: tuple[Engine, Table, IdempotencyStore]) -> None:
    engine, table, store = setup
    with UnitOfWork(session_factory(engine)) as uow:
        for key in ("", "x" * 201, "bad\nkey"):
            with pytest.raises(InvalidInputError):
                store.claim(uow.session, scope="a", operation="b", key=key, request={})
    with pytest.raises(ValueError):
        IdempotencyStore(table, ttl=timedelta(hours=23))
    assert request_hash({"a": 1, "b": 2}) == request_hash({"b": 2, "a": 1})


def test_twenty_concurrent_claims_have_exactly_one_owner(setup: tuple[Engine, Table, IdempotencyStore]) -> None:
    engine, table, store = setup
    sessions = session_factory(engine)
    barrier = threading.Barrier(20)

    def attempt(i: int) -> str:
        barrier.wait()
        with UnitOfWork(sessions) as uow:
            replay = store.claim(uow.session, scope="alice", operation="debit", key="race", request={"n": 1})
            if replay is not None:
                return "replay:" + replay
            time.sleep(0.2)  # hold the key while the others pile up behind it
            store.record(uow.session, scope="alice", operation="debit", key="race", response=f"first-{i}")
            uow.commit()
            return "owner"

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(attempt, range(20)))
    assert results.count("owner") == 1
    replays = {r for r in results if r != "owner"}
    assert len(replays) == 1 and next(iter(replays)).startswith("replay:first-")
    assert rows(engine, table) == 1
