"""The unit of work: one session, one transaction, committed explicitly or rolled back.

Use cases open one per mutation: `with uow: ...; uow.commit()`. Leaving the block without `commit()` (including by
an exception) rolls everything back, so a failed mutation writes nothing. Subclasses add repositories built on
`self.session` in `_on_enter`.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    """A transaction boundary around one SQLAlchemy session."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The session of the open unit of work."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open; use it in a `with` block")
        return self._session

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("a unit of work is not re-entrant")
        self._session = self._sessions()
        self._session.begin()
        self._on_enter(self._session)
        return self

    def _on_enter(self, session: Session) -> None:
        """Hook for subclasses: build repositories on the fresh session."""

    def commit(self) -> None:
        """Make every change of this unit of work durable."""
        self.session.commit()

    def rollback(self) -> None:
        """Discard every change since the unit of work opened."""
        self.session.rollback()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self._session, None
        if session is not None:
            try:
                session.rollback()
            finally:
                session.close()
