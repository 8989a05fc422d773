"""Typed decorators for resolver fields.

`strawberry.field(...)` and `strawberry.mutation(...)` used with arguments are untyped decorators to mypy --strict;
these wrappers keep the resolver's own signature visible to the type checker and change nothing at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


def resolver_field(*, description: str, directives: Sequence[object] = ()) -> Callable[[F], F]:
    """`@strawberry.field(description=..., directives=...)`, typed."""
    return cast(Callable[[F], F], strawberry.field(description=description, directives=directives))


def resolver_mutation(*, description: str, directives: Sequence[object] = ()) -> Callable[[F], F]:
    """`@strawberry.mutation(description=..., directives=...)`, typed."""
    return cast(Callable[[F], F], strawberry.mutation(description=description, directives=directives))
