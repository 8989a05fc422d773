"""Reads for the API, each answering a whole batch with one SQL query (the DataLoaders call these)."""

from __future__ import annotations

from collections.abc import Sequence

from subgraphs.shared.pagination import Page, PageRequest, build_page
from subgraphs.wallet.domain.model import TransactionKind, Wallet, WalletTransaction
from subgraphs.wallet.use_cases.runtime import WalletRuntime


def wallets_by_ids(runtime: WalletRuntime, ids: Sequence[str]) -> list[Wallet | None]:
    """The wallet for each id, in order (None where absent); one query."""
    with runtime.unit_of_work() as uow:
        found = uow.wallets.get_many(ids)
    return [found.get(wallet_id) for wallet_id in ids]


def wallets_by_owners(runtime: WalletRuntime, owner_ids: Sequence[str]) -> list[list[Wallet]]:
    """Each owner's wallets, in order of `owner_ids`; one query."""
    with runtime.unit_of_work() as uow:
        found = uow.wallets.by_owners(owner_ids)
    return [found.get(owner, []) for owner in owner_ids]


def transactions_page(
    runtime: WalletRuntime, wallet_id: str, request: PageRequest, kinds: Sequence[TransactionKind] | None
) -> Page[WalletTransaction]:
    """One page of a wallet's ledger, newest first."""
    with runtime.unit_of_work() as uow:
        rows = uow.wallets.transactions(wallet_id, request, kinds)
    return build_page(rows, request, lambda entry: (entry.seq or 0,))
