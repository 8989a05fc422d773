"""The giftcard request context: the caller, the use-case runtime, the relay and per-request DataLoaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from strawberry.dataloader import DataLoader

from subgraphs.giftcard.domain.model import GiftCard, GiftCardActivity, Redemption
from subgraphs.giftcard.queries import (
    activity_slices,
    cards_by_ids,
    owner_card_slices,
    redemptions_by_ids,
    wallet_redemption_slices,
)
from subgraphs.giftcard.relay.outbox_relay import OutboxRelay
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.caller import Caller
from subgraphs.shared.graphql.context import SubgraphContext, caller_of, router_trusted
from subgraphs.shared.pagination import PageSlice

#: Parents per batched connection statement (a UNION ALL; SQLite allows 500 terms).
_SLICE_BATCH = 100


class GiftCardContext(SubgraphContext):
    """Built fresh for every request, so DataLoader caches never outlive it."""

    def __init__(
        self,
        *,
        caller: Caller | None,
        router_trusted: bool,
        runtime: GiftCardRuntime,
        relay: OutboxRelay | None,
        redeem_wait_seconds: float,
    ) -> None:
        super().__init__(caller=caller, router_trusted=router_trusted)
        self.runtime = runtime
        self.relay = relay
        self.redeem_wait_seconds = redeem_wait_seconds
        self.card_loader: DataLoader[str, GiftCard | None] = DataLoader(load_fn=self._load_cards)
        self.redemption_loader: DataLoader[str, Redemption | None] = DataLoader(load_fn=self._load_redemptions)
        self.owner_cards_loader: DataLoader[PageSlice, list[GiftCard]] = DataLoader(
            load_fn=self._load_owner_cards, max_batch_size=_SLICE_BATCH
        )
        self.activities_loader: DataLoader[PageSlice, list[GiftCardActivity]] = DataLoader(
            load_fn=self._load_activities, max_batch_size=_SLICE_BATCH
        )
        self.wallet_redemptions_loader: DataLoader[PageSlice, list[Redemption]] = DataLoader(
            load_fn=self._load_wallet_redemptions, max_batch_size=_SLICE_BATCH
        )

    async def _load_cards(self, ids: list[str]) -> list[GiftCard | None]:
        return await run_in_threadpool(cards_by_ids, self.runtime, ids)

    async def _load_redemptions(self, ids: list[str]) -> list[Redemption | None]:
        return await run_in_threadpool(redemptions_by_ids, self.runtime, ids)

    async def _load_owner_cards(self, slices: list[PageSlice]) -> list[list[GiftCard]]:
        return await run_in_threadpool(owner_card_slices, self.runtime, slices)

    async def _load_activities(self, slices: list[PageSlice]) -> list[list[GiftCardActivity]]:
        return await run_in_threadpool(activity_slices, self.runtime, slices)

    async def _load_wallet_redemptions(self, slices: list[PageSlice]) -> list[list[Redemption]]:
        return await run_in_threadpool(wallet_redemption_slices, self.runtime, slices)


def context_getter(
    runtime: GiftCardRuntime, relay: OutboxRelay | None, redeem_wait_seconds: float
) -> Callable[[Request], Awaitable[GiftCardContext]]:
    """The FastAPI dependency that builds the context from the authenticated request."""

    async def get_context(request: Request) -> GiftCardContext:
        return GiftCardContext(
            caller=caller_of(request),
            router_trusted=router_trusted(request),
            runtime=runtime,
            relay=relay,
            redeem_wait_seconds=redeem_wait_seconds,
        )

    return get_context
