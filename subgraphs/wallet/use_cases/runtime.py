"""What the use cases need from the outside world: units of work and a clock (a seam tests can replace)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from subgraphs.shared.caller import Caller
from subgraphs.shared.clock import utc_now
from subgraphs.wallet.persistence.unit_of_work import WalletUnitOfWork

R = TypeVar("R")


@dataclass(frozen=True)
class WalletRuntime:
    """Session factory, idempotency retention and clock for the wallet use cases."""

    sessions: sessionmaker[Session]
    idempotency_ttl: timedelta = timedelta(hours=24)
    clock: Callable[[], datetime] = field(default=utc_now)

    def unit_of_work(self) -> WalletUnitOfWork:
        """A fresh unit of work (one transaction)."""
        return WalletUnitOfWork(self.sessions, self.idempotency_ttl)

    def run_idempotently(
        self,
        caller: Caller,
        *,
        operation: str,
        key: str,
        request: Mapping[str, Any],
        work: Callable[[WalletUnitOfWork, datetime], R],
        encode: Callable[[R], str],
        decode: Callable[[str], R],
    ) -> R:
        """Run `work` once per (caller, operation, key) inside one transaction; replays return the first result."""
        with self.unit_of_work() as uow:
            now = self.clock()
            replay = uow.idempotency.claim(
                uow.session, scope=caller.sub, operation=operation, key=key, request=request, now=now
            )
            if replay is not None:
                return decode(replay)
            result = work(uow, now)
            uow.idempotency.record(uow.session, scope=caller.sub, operation=operation, key=key, response=encode(result))
            uow.commit()
            return result
