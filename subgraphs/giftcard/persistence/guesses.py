"""Failed code lookups per caller, in the database so every replica sees the same count.

A fixed window per caller: it starts at the first failure and lasts `window`; `failures` counts within it. The row is
locked for the whole lookup (`SELECT ... FOR UPDATE`; SQLite's `BEGIN IMMEDIATE` serialises anyway), so concurrent
lookups of one caller, e.g. 101 aliased fields of one request, are judged one after another and the limit holds
exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from subgraphs.giftcard.persistence.tables import code_guess_windows
from subgraphs.shared.clock import as_utc


@dataclass(frozen=True, slots=True)
class GuessWindow:
    """One caller's current window."""

    scope: str
    started_at: datetime
    failures: int

    def blocked(self, *, limit: int) -> bool:
        """True when the caller used up the window's failures."""
        return self.failures >= limit


class GuessRepository:
    """Lock, read and count a caller's failed code lookups."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def lock(self, scope: str, now: datetime, window: timedelta) -> GuessWindow:
        """The caller's window, row-locked; a window older than `window` starts afresh."""
        try:
            with self._session.begin_nested():
                self._session.execute(insert(code_guess_windows).values(scope=scope, window_started_at=now, failures=0))
        except IntegrityError:
            pass  # the row exists already
        row = self._session.execute(
            select(code_guess_windows).where(code_guess_windows.c.scope == scope).with_for_update()
        ).one()
        current = GuessWindow(scope=scope, started_at=as_utc(row.window_started_at), failures=int(row.failures))
        if now - current.started_at >= window:
            current = GuessWindow(scope=scope, started_at=now, failures=0)
            self._store(current)
        return current

    def record_failure(self, current: GuessWindow) -> GuessWindow:
        """Count one failed lookup in the locked window."""
        updated = GuessWindow(scope=current.scope, started_at=current.started_at, failures=current.failures + 1)
        self._store(updated)
        return updated

    def _store(self, current: GuessWindow) -> None:
        self._session.execute(
            update(code_guess_windows)
            .where(code_guess_windows.c.scope == current.scope)
            .values(window_started_at=current.started_at, failures=current.failures)
        )

    def purge_before(self, cutoff: datetime) -> int:
        """Delete windows that started before `cutoff` (they have passed: the next lookup starts afresh anyway)."""
        result = self._session.execute(
            delete(code_guess_windows).where(code_guess_windows.c.window_started_at < cutoff)
        )
        return int(getattr(result, "rowcount", 0) or 0)
