"""Housekeeping the app runs hourly: expired idempotency keys and guess windows that have passed are deleted."""

from __future__ import annotations

from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime


def purge_expired(runtime: GiftCardRuntime) -> tuple[int, int]:
    """Delete expired idempotency keys and finished guess windows; how many of each."""
    with runtime.unit_of_work() as uow:
        now = runtime.clock()
        keys = uow.idempotency.purge_expired(uow.session, now)
        windows = uow.guesses.purge_before(now - runtime.guess_window)
        uow.commit()
    return keys, windows
