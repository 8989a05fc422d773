"""Reads for the API, each answering a whole batch with one SQL query (the DataLoaders call these)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from subgraphs.wallet.domain.model import TransactionKind, Wallet, WalletTransaction
from subgraphs.wallet.use_cases.runtime import WalletRuntime


@dataclass(frozen=True, slots=True)
class LedgerSlice:
    """One `Wallet.transactions` page asked for: whose ledger, how many, below which `seq`, of which kinds."""

    wallet_id: str
    first: int
    after_seq: int | None
    kinds: tuple[TransactionKind, ...] | None


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


def ledger_slices(runtime: WalletRuntime, slices: Sequence[LedgerSlice]) -> list[list[WalletTransaction]]:
    """The `first + 1` newest entries of each slice, in order of `slices`; one query per distinct page shape
    (usually one: every wallet of a response asks for the same page)."""
    shapes: dict[tuple[int, int | None, tuple[TransactionKind, ...] | None], set[str]] = {}
    for wanted in slices:
        shapes.setdefault((wanted.first, wanted.after_seq, wanted.kinds), set()).add(wanted.wallet_id)
    found: dict[LedgerSlice, list[WalletTransaction]] = {}
    with runtime.unit_of_work() as uow:
        for (first, after_seq, kinds), wallet_ids in shapes.items():
            pages = uow.wallets.ledger_pages(wallet_ids, first=first, after_seq=after_seq, kinds=kinds)
            for wallet_id, entries in pages.items():
                found[LedgerSlice(wallet_id, first, after_seq, kinds)] = entries
    return [found[wanted] for wanted in slices]
