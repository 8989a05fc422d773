"""The giftcard request context: the caller, the use-case runtime, the relay and per-request DataLoaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from strawberry.dataloader import DataLoader

from subgraphs.giftcard.domain.model import GiftCard, Redemption
from subgraphs.giftcard.queries import cards_by_ids, redemptions_by_ids
from subgraphs.giftcard.relay.outbox_relay import OutboxRelay
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.caller import Caller
from subgraphs.shared.graphql.context import SubgraphContext, caller_of, router_trusted


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

    async def _load_cards(self, ids: list[str]) -> list[GiftCard | None]:
        return await run_in_threadpool(cards_by_ids, self.runtime, ids)

    async def _load_redemptions(self, ids: list[str]) -> list[Redemption | None]:
        return await run_in_threadpool(redemptions_by_ids, self.runtime, ids)


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
