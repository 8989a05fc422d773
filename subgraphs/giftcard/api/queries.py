"""Giftcard queries: `me` (shareable with the wallet subgraph), `giftCard(id)`, `redemption(id)` and
`giftCardBalance(code)`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.federation.schema_directives import Authenticated, Shareable
from strawberry.types import Info

from subgraphs.giftcard import use_cases
from subgraphs.giftcard.api.context import GiftCardContext
from subgraphs.giftcard.api.types import (
    GiftCard,
    GiftCardBalance,
    Redemption,
    User,
    load_visible_card,
    load_visible_redemption,
)
from subgraphs.shared.graphql.fields import resolver_field
from subgraphs.shared.graphql.value_types import Money


@strawberry.type(description="Giftcard queries.")
class Query:
    @resolver_field(directives=[Shareable(), Authenticated()], description="The calling user (from the token's `sub`).")
    def me(self, info: Info[GiftCardContext, None]) -> User | None:
        return User(id=strawberry.ID(info.context.require_caller().sub))

    @resolver_field(
        directives=[Authenticated()], description="A card by id, if it is the caller's (staff sees every card)."
    )
    async def gift_card(
        self,
        info: Info[GiftCardContext, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Id of the card.")],
    ) -> GiftCard | None:
        return await load_visible_card(info, str(id), field="id")

    @resolver_field(
        directives=[Authenticated()],
        description="A redemption by id, if the caller made it (staff sees all): read a PENDING one again.",
    )
    async def redemption(
        self,
        info: Info[GiftCardContext, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Id of the redemption.")],
    ) -> Redemption | None:
        return await load_visible_redemption(info, str(id), field="id")

    @resolver_field(
        directives=[Authenticated()],
        description="What a code is worth. Unknown, blocked, expired, empty and other users' codes all fail with "
        "INVALID_CODE; every failure counts toward the caller's attempt limit (TOO_MANY_ATTEMPTS). Null with an "
        "error when the code cannot be used, so each aliased lookup fails on its own.",
    )
    async def gift_card_balance(
        self,
        info: Info[GiftCardContext, None],
        code: Annotated[str, strawberry.argument(description="The card's code as printed.")],
    ) -> GiftCardBalance | None:
        ctx = info.context
        card = await run_in_threadpool(lambda: use_cases.gift_card_by_code(ctx.runtime, ctx.caller, code=code))
        return GiftCardBalance(last4=card.last4, balance=Money.from_value(card.balance), expires_at=card.expires_at)
