"""Periodic housekeeping inside a service process (e.g. purging expired idempotency keys).

`periodically()` is an async context manager for an app's lifespan: it runs a synchronous job in a worker thread
every `interval` seconds until the app stops; a failing run is logged and retried at the next interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from starlette.concurrency import run_in_threadpool

log = logging.getLogger("subgraphs.housekeeping")


@asynccontextmanager
async def periodically(job: Callable[[], object], interval: float, name: str) -> AsyncIterator[None]:
    """Run `job` now and then every `interval` seconds while the block is open."""

    async def loop() -> None:
        while True:
            try:
                await run_in_threadpool(job)
            except Exception:  # keep the service up; the next run may succeed
                log.exception("housekeeping job %s failed", name)
            await asyncio.sleep(interval)

    task = asyncio.create_task(loop(), name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
