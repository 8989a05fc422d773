"""The idempotency-key store: a replayed mutation returns its first result, once, even under concurrency.

Keys are scoped by caller and operation (`scope` = the caller's `sub`, `operation` = the mutation name). The request
is hashed (SHA-256 of canonical JSON); the same key with a different request is `IDEMPOTENCY_KEY_REUSED`. Rows are
kept for the configured TTL (at least 24 h); an expired key is free again.

Concurrency: insert-first inside the mutation's own transaction. The first caller's INSERT wins the primary key and
the row commits together with the effect and its recorded response (or vanishes with a rollback). A concurrent
caller's INSERT waits on the key (PostgreSQL) or on the write lock (SQLite `BEGIN IMMEDIATE`), then fails, and reads
the committed row: a replay. So there is exactly one effect per key, never a half-recorded one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from subgraphs.shared.errors import DomainError, IdempotencyKeyReusedError, InvalidInputError

MAX_KEY_LENGTH = 200


class IdempotencyKeyInUseError(DomainError):
    """A concurrent request with the same key has not finished (should not happen with insert-first)."""

    code = "IDEMPOTENCY_KEY_IN_USE"


def idempotency_table(metadata: MetaData, name: str) -> Table:
    """The key table of one subgraph (each subgraph names its own, in its own metadata and migrations)."""
    return Table(
        name,
        metadata,
        Column("scope", String(255), primary_key=True),
        Column("operation", String(100), primary_key=True),
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("response", Text, nullable=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    )


def request_hash(request: Mapping[str, Any]) -> str:
    """SHA-256 of the request's canonical JSON (sorted keys, no whitespace)."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def validate_key(key: str) -> str:
    """A key is 1..200 printable characters."""
    if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInputError(
            f"idempotencyKey must be 1 to {MAX_KEY_LENGTH} printable characters", field="idempotencyKey"
        )
    return key


class IdempotencyStore:
    """Claims and records idempotency keys inside the caller's transaction."""

    def __init__(self, table: Table, ttl: timedelta = timedelta(hours=24)) -> None:
        if ttl < timedelta(hours=24):
            raise ValueError("idempotency keys must be kept at least 24 hours")
        self._table = table
        self._ttl = ttl

    def _where(self, scope: str, operation: str, key: str) -> Any:
        t = self._table.c
        return and_(t.scope == scope, t.operation == operation, t.key == key)

    def claim(
        self,
        session: Session,
        *,
        scope: str,
        operation: str,
        key: str,
        request: Mapping[str, Any],
        now: datetime | None = None,
    ) -> str | None:
        """Claim `key`. None: this call owns it (do the work, then `record`). A string: the earlier response."""
        validate_key(key)
        digest = request_hash(request)
        now = now or datetime.now(UTC)
        where = self._where(scope, operation, key)
        session.execute(delete(self._table).where(where, self._table.c.expires_at < now))
        try:
            with session.begin_nested():
                session.execute(
                    insert(self._table).values(
                        scope=scope,
                        operation=operation,
                        key=key,
                        request_hash=digest,
                        response=None,
                        created_at=now,
                        expires_at=now + self._ttl,
                    )
                )
        except IntegrityError:
            row = session.execute(select(self._table.c.request_hash, self._table.c.response).where(where)).one_or_none()
            if row is None:  # the other holder rolled back between our insert and this read
                raise IdempotencyKeyInUseError("retry: a request with this key was just abandoned") from None
            if row.request_hash != digest:
                raise IdempotencyKeyReusedError(
                    "this idempotencyKey was already used with different input", field="idempotencyKey"
                ) from None
            if row.response is None:
                raise IdempotencyKeyInUseError("a request with this idempotencyKey is still running") from None
            response: str = row.response
            return response
        return None

    def record(self, session: Session, *, scope: str, operation: str, key: str, response: str) -> None:
        """Store the response of the claimed key (same transaction as the effect)."""
        session.execute(update(self._table).where(self._where(scope, operation, key)).values(response=response))

    def purge_expired(self, session: Session, now: datetime | None = None) -> int:
        """Delete expired keys; returns how many."""
        result = session.execute(delete(self._table).where(self._table.c.expires_at < (now or datetime.now(UTC))))
        return int(getattr(result, "rowcount", 0) or 0)
