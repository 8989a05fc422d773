"""The wallet request context: the caller, the use-case runtime and per-request DataLoaders (one query per batch)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from strawberry.dataloader import DataLoader

from subgraphs.shared.caller import Caller
from subgraphs.shared.graphql.context import SubgraphContext, caller_of, router_trusted
from subgraphs.shared.pagination import PageSlice
from subgraphs.wallet.domain.model import Wallet, WalletTransaction
from subgraphs.wallet.queries import ledger_slices, wallets_by_ids, wallets_by_owners
from subgraphs.wallet.use_cases.runtime import WalletRuntime


class WalletContext(SubgraphContext):
    """Built fresh for every request, so DataLoader caches never outlive it."""

    def __init__(self, *, caller: Caller | None, router_trusted: bool, runtime: WalletRuntime) -> None:
        super().__init__(caller=caller, router_trusted=router_trusted)
        self.runtime = runtime
        self.wallet_loader: DataLoader[str, Wallet | None] = DataLoader(load_fn=self._load_wallets)
        self.owner_loader: DataLoader[str, list[Wallet]] = DataLoader(load_fn=self._load_owners)
        # A bounded batch keeps each UNION ALL statement modest (SQLite allows 500 compound terms).
        self.ledger_loader: DataLoader[PageSlice, list[WalletTransaction]] = DataLoader(
            load_fn=self._load_ledgers, max_batch_size=100
        )

    async def _load_wallets(self, ids: list[str]) -> list[Wallet | None]:
        return await run_in_threadpool(wallets_by_ids, self.runtime, ids)

    async def _load_owners(self, owner_ids: list[str]) -> list[list[Wallet]]:
        return await run_in_threadpool(wallets_by_owners, self.runtime, owner_ids)

    async def _load_ledgers(self, slices: list[PageSlice]) -> list[list[WalletTransaction]]:
        return await run_in_threadpool(ledger_slices, self.runtime, slices)


def context_getter(runtime: WalletRuntime) -> Callable[[Request], Awaitable[WalletContext]]:
    """The FastAPI dependency that builds the context from the authenticated request."""

    async def get_context(request: Request) -> WalletContext:
        return WalletContext(caller=caller_of(request), router_trusted=router_trusted(request), runtime=runtime)

    return get_context
