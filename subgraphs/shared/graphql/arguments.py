"""GraphQL arguments both subgraphs take, described once: the idempotency key of every money mutation and the
`first` / `after` of every connection."""

from __future__ import annotations

from typing import Annotated

import strawberry

IdempotencyKey = Annotated[
    str,
    strawberry.argument(
        description="Client-chosen key (1-200 characters), unique per caller and mutation: a retry with the same key "
        "and input returns the first result; the same key with other input fails with IDEMPOTENCY_KEY_REUSED."
    ),
]
First = Annotated[int | None, strawberry.argument(description="Page size, 0 to 100 (default 20).")]
After = Annotated[str | None, strawberry.argument(description="Cursor of the item to continue after.")]
