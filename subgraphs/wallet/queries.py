"""Reads for the API, each answering a whole batch with one SQL query (the DataLoaders call these)."""

from __future__ import annotations

from collections.abc import Sequence

from subgraphs.shared.pagination import PageSlice, answer_slices
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


def ledger_slices(runtime: WalletRuntime, slices: Sequence[PageSlice]) -> list[list[WalletTransaction]]:
    """The `first + 1` newest ledger entries of each slice (`filter`: a tuple of kinds, or None), in order of
    `slices`; one statement per distinct page shape, usually one for all the wallets of a response."""
    with runtime.unit_of_work() as uow:

        def fetch(wallet_ids: list[str], shape: PageSlice) -> dict[str, list[WalletTransaction]]:
            kinds: tuple[TransactionKind, ...] | None = shape.filter  # type: ignore[assignment]
            after_seq = None if shape.after is None else int(shape.after[0])
            return uow.wallets.ledger_pages(wallet_ids, first=shape.first, after_seq=after_seq, kinds=kinds)

        return answer_slices(slices, fetch)
