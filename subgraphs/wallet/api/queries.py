"""Wallet queries: `me` (shareable with the giftcard subgraph) and `wallet(id)`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.federation.schema_directives import Authenticated, Shareable
from strawberry.types import Info

from subgraphs.shared.graphql.fields import resolver_field
from subgraphs.wallet.api.context import WalletContext
from subgraphs.wallet.api.types import User, Wallet, load_visible_wallet


@strawberry.type(description="Wallet queries.")
class Query:
    @resolver_field(directives=[Shareable(), Authenticated()], description="The calling user (from the token's `sub`).")
    def me(self, info: Info[WalletContext, None]) -> User | None:
        return User(id=strawberry.ID(info.context.require_caller().sub))

    @resolver_field(
        directives=[Authenticated()], description="A wallet by id, if it is the caller's (staff sees every wallet)."
    )
    async def wallet(
        self,
        info: Info[WalletContext, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Id of the wallet.")],
    ) -> Wallet | None:
        return await load_visible_wallet(info, str(id), field="id")
