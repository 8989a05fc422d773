"""The wallet repository: domain objects in, domain objects out, every read batched.

SQLAlchemy Core over the SQLModel tables, so each statement is explicit: `lock()` takes row locks in id order
(`SELECT ... FOR UPDATE`; two transfers in opposite directions cannot deadlock), `get_many()` and `by_owners()`
answer a whole batch with one query, ledger pages are keyset queries on `seq` (`ledger_pages()` answers many wallets
with one statement).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Row, Select, func, insert, select, update
from sqlalchemy.orm import Session

from subgraphs.shared.clock import as_utc
from subgraphs.shared.database import union_of
from subgraphs.shared.money import Money
from subgraphs.wallet.domain.model import TransactionKind, Wallet, WalletStatus, WalletTransaction
from subgraphs.wallet.persistence.tables import wallet_transactions, wallets


def _wallet(row: Row[Any]) -> Wallet:
    return Wallet(
        id=row.id,
        owner_id=row.owner_id,
        currency=row.currency,
        balance=Money(int(row.balance), row.currency),
        status=WalletStatus(row.status),
        created_at=as_utc(row.created_at),
    )


def _transaction(row: Row[Any]) -> WalletTransaction:
    return WalletTransaction(
        id=row.id,
        wallet_id=row.wallet_id,
        amount=Money(int(row.amount), row.currency),
        balance_after=Money(int(row.balance_after), row.currency),
        kind=TransactionKind(row.kind),
        reason=row.reason,
        reference=row.reference,
        actor=row.actor,
        created_at=as_utc(row.created_at),
        seq=int(row.seq),
    )


class WalletRepository:
    """Reads and writes wallets and ledger entries within one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_many(self, ids: Iterable[str]) -> dict[str, Wallet]:
        """The wallets with these ids (missing ids are absent), one query."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self._session.execute(select(wallets).where(wallets.c.id.in_(wanted)))
        return {row.id: _wallet(row) for row in rows}

    def lock(self, ids: Iterable[str]) -> dict[str, Wallet]:
        """Like `get_many`, holding row locks until the transaction ends (taken in id order)."""
        wanted = sorted(set(ids))
        rows = self._session.execute(
            select(wallets).where(wallets.c.id.in_(wanted)).order_by(wallets.c.id).with_for_update()
        )
        return {row.id: _wallet(row) for row in rows}

    def by_owners(self, owner_ids: Iterable[str]) -> dict[str, list[Wallet]]:
        """Each owner's wallets, oldest first, one query."""
        wanted = sorted(set(owner_ids))
        found: dict[str, list[Wallet]] = {owner: [] for owner in wanted}
        if not wanted:
            return found
        rows = self._session.execute(
            select(wallets).where(wallets.c.owner_id.in_(wanted)).order_by(wallets.c.created_at, wallets.c.id)
        )
        for row in rows:
            found[row.owner_id].append(_wallet(row))
        return found

    def add(self, wallet: Wallet) -> None:
        """Insert a new wallet."""
        self._session.execute(
            insert(wallets).values(
                id=wallet.id,
                owner_id=wallet.owner_id,
                currency=wallet.currency,
                balance=wallet.balance.amount,
                status=wallet.status.value,
                created_at=wallet.created_at,
            )
        )

    def save(self, wallet: Wallet) -> None:
        """Store a locked wallet's new balance and status."""
        self._session.execute(
            update(wallets)
            .where(wallets.c.id == wallet.id)
            .values(balance=wallet.balance.amount, status=wallet.status.value)
        )

    def append(self, entry: WalletTransaction) -> WalletTransaction:
        """Append a ledger entry; returns it with its sequence number."""
        result = self._session.execute(
            insert(wallet_transactions)
            .values(
                id=entry.id,
                wallet_id=entry.wallet_id,
                amount=entry.amount.amount,
                balance_after=entry.balance_after.amount,
                currency=entry.amount.currency,
                kind=entry.kind.value,
                reason=entry.reason,
                reference=entry.reference,
                actor=entry.actor,
                created_at=entry.created_at,
            )
            .returning(wallet_transactions.c.seq)
        )
        seq = int(result.scalar_one())
        return replace(entry, seq=seq)

    def credit_by_reference(self, reference: str) -> WalletTransaction | None:
        """The credit already booked for an external reference (e.g. a redemption id), if any."""
        row = self._session.execute(
            select(wallet_transactions).where(
                wallet_transactions.c.kind == TransactionKind.CREDIT.value,
                wallet_transactions.c.reference == reference,
            )
        ).one_or_none()
        return None if row is None else _transaction(row)

    def ledger_pages(
        self,
        wallet_ids: Iterable[str],
        *,
        first: int,
        after_seq: int | None = None,
        kinds: Sequence[TransactionKind] | None = None,
    ) -> dict[str, list[WalletTransaction]]:
        """Each wallet's ledger, newest first: `first + 1` entries below `after_seq` (the extra one means "more").

        One statement for all wallets: a UNION ALL of one keyset query per wallet, each walking the
        (wallet_id, seq) index and stopping after `first + 1` rows, however long the ledger.
        """
        wanted = sorted(set(wallet_ids))
        found: dict[str, list[WalletTransaction]] = {wallet_id: [] for wallet_id in wanted}
        if not wanted:
            return found
        query = union_of([self._ledger_page(wallet_id, first, after_seq, kinds) for wallet_id in wanted])
        for row in self._session.execute(query):
            found[row.wallet_id].append(_transaction(row))
        for entries in found.values():
            entries.sort(key=lambda entry: entry.seq or 0, reverse=True)
        return found

    @staticmethod
    def _ledger_page(
        wallet_id: str, first: int, after_seq: int | None, kinds: Sequence[TransactionKind] | None
    ) -> Select[Any]:
        query = select(wallet_transactions).where(wallet_transactions.c.wallet_id == wallet_id)
        if kinds:
            query = query.where(wallet_transactions.c.kind.in_([k.value for k in kinds]))
        if after_seq is not None:
            query = query.where(wallet_transactions.c.seq < after_seq)
        return query.order_by(wallet_transactions.c.seq.desc()).limit(first + 1)

    def ledger_sums(self, wallet_ids: Iterable[str]) -> dict[str, int]:
        """Sum of ledger amounts per wallet (what each balance must equal)."""
        rows = self._session.execute(
            select(wallet_transactions.c.wallet_id, func.coalesce(func.sum(wallet_transactions.c.amount), 0))
            .where(wallet_transactions.c.wallet_id.in_(sorted(set(wallet_ids))))
            .group_by(wallet_transactions.c.wallet_id)
        )
        return {wallet_id: int(total) for wallet_id, total in rows}
