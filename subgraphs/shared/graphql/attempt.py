"""`attempt()`: run a synchronous use case in a worker thread and hand back its domain error instead of raising.

Mutation resolvers turn the returned `DomainError` into typed `userErrors`; the use cases are synchronous
(SQLAlchemy), so the worker thread keeps the event loop free.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from subgraphs.shared.errors import DomainError

R = TypeVar("R")


async def attempt(work: Callable[[], R]) -> R | DomainError:
    """The result of `work()`, or the `DomainError` it raised."""
    try:
        return await run_in_threadpool(work)
    except DomainError as error:
        return error
