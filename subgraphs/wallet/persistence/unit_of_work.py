"""The wallet unit of work: one transaction with the wallet repository and the idempotency store on its session."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from subgraphs.shared.idempotency import IdempotencyStore
from subgraphs.shared.unit_of_work import UnitOfWork
from subgraphs.wallet.persistence.repository import WalletRepository
from subgraphs.wallet.persistence.tables import idempotency_keys


class WalletUnitOfWork(UnitOfWork):
    """`with WalletUnitOfWork(sessions) as uow: uow.wallets...; uow.commit()`."""

    wallets: WalletRepository

    def __init__(self, sessions: sessionmaker[Session], idempotency_ttl: timedelta = timedelta(hours=24)) -> None:
        super().__init__(sessions)
        self.idempotency = IdempotencyStore(idempotency_keys, idempotency_ttl)

    def _on_enter(self, session: Session) -> None:
        self.wallets = WalletRepository(session)
