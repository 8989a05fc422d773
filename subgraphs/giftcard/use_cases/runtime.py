"""What the use cases need from the outside world: units of work, the code pepper, the guessing limits and a clock.

`run()` is the one transaction shape every mutation uses: optionally guard code lookups (lock the caller's guess
window), claim the idempotency key (a replay returns the first result), refuse when the window is used up, do the
work, record the result, commit. A failed
code lookup (`InvalidCodeError`) rolls back the work but commits the counted failure, in the same transaction
that held the window's lock, so the count is exact under any concurrency.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from subgraphs.giftcard.domain.codes import hash_code, normalise_code
from subgraphs.giftcard.domain.errors import InvalidCodeError, TooManyAttemptsError
from subgraphs.giftcard.persistence.unit_of_work import GiftCardUnitOfWork
from subgraphs.shared.caller import Caller
from subgraphs.shared.clock import utc_now

R = TypeVar("R")

#: What the idempotency request records for a code that cannot be a code (the plain input is never stored).
MALFORMED_CODE = "malformed"


@dataclass(frozen=True)
class GiftCardRuntime:
    """Session factory, pepper, guessing limits, idempotency retention and clock for the giftcard use cases."""

    sessions: sessionmaker[Session]
    pepper: bytes
    guess_limit: int = 10
    guess_window: timedelta = timedelta(minutes=10)
    idempotency_ttl: timedelta = timedelta(hours=24)
    clock: Callable[[], datetime] = field(default=utc_now)

    def unit_of_work(self) -> GiftCardUnitOfWork:
        """A fresh unit of work (one transaction)."""
        return GiftCardUnitOfWork(self.sessions, self.idempotency_ttl)

    def code_hash(self, raw_code: object) -> str | None:
        """The stored form of a user-typed code, or None when it cannot be a code."""
        code = normalise_code(raw_code)
        return None if code is None else hash_code(code, self.pepper)

    def run(
        self,
        caller: Caller,
        *,
        operation: str,
        key: str | None,
        request: Mapping[str, Any],
        work: Callable[[GiftCardUnitOfWork, datetime], R],
        encode: Callable[[R], str] | None = None,
        decode: Callable[[GiftCardUnitOfWork, str], R] | None = None,
        guarded: bool = False,
    ) -> R:
        """Run `work` in one transaction; idempotent by `key` when given; code-guess guarded when `guarded`."""
        with self.unit_of_work() as uow:
            now = self.clock()
            window = uow.guesses.lock(caller.sub, now, self.guess_window) if guarded else None

            def checked_work(uow: GiftCardUnitOfWork, now: datetime) -> R:
                # Checked only when the work would run: a replay looks no code up, so it is always answered.
                if window is not None and window.blocked(limit=self.guess_limit):
                    raise TooManyAttemptsError("too many failed code attempts; try again later", field="code")
                return work(uow, now)

            try:
                with uow.session.begin_nested():
                    result = self._once(uow, caller, now, operation, key, request, checked_work, encode, decode)
            except InvalidCodeError:
                if window is not None:
                    uow.guesses.record_failure(window)
                    uow.commit()
                raise
            uow.commit()
            return result

    @staticmethod
    def _once(
        uow: GiftCardUnitOfWork,
        caller: Caller,
        now: datetime,
        operation: str,
        key: str | None,
        request: Mapping[str, Any],
        work: Callable[[GiftCardUnitOfWork, datetime], R],
        encode: Callable[[R], str] | None,
        decode: Callable[[GiftCardUnitOfWork, str], R] | None,
    ) -> R:
        if key is None or encode is None or decode is None:
            return work(uow, now)
        replay = uow.idempotency.claim(
            uow.session, scope=caller.sub, operation=operation, key=key, request=request, now=now
        )
        if replay is not None:
            return decode(uow, replay)
        result = work(uow, now)
        uow.idempotency.record(uow.session, scope=caller.sub, operation=operation, key=key, response=encode(result))
        return result


def invalid_code() -> InvalidCodeError:
    """The one error for every unusable code."""
    return InvalidCodeError()
