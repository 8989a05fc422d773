"""Time is UTC everywhere: the default clock of the use cases, and stored datetimes read back as UTC. Pure."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (runtimes take a clock so tests can replace it)."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """A stored datetime as aware UTC: SQLite hands back naive datetimes, and everything stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
