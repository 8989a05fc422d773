"""The giftcard unit of work: one transaction with the repositories and the idempotency store on its session."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from subgraphs.giftcard.persistence.cards import CardRepository
from subgraphs.giftcard.persistence.guesses import GuessRepository
from subgraphs.giftcard.persistence.redemptions import RedemptionRepository
from subgraphs.giftcard.persistence.tables import idempotency_keys
from subgraphs.shared.idempotency import IdempotencyStore
from subgraphs.shared.unit_of_work import UnitOfWork


class GiftCardUnitOfWork(UnitOfWork):
    """`with GiftCardUnitOfWork(sessions) as uow: uow.cards...; uow.commit()`."""

    cards: CardRepository
    redemptions: RedemptionRepository
    guesses: GuessRepository

    def __init__(self, sessions: sessionmaker[Session], idempotency_ttl: timedelta = timedelta(hours=24)) -> None:
        super().__init__(sessions)
        self.idempotency = IdempotencyStore(idempotency_keys, idempotency_ttl)

    def _on_enter(self, session: Session) -> None:
        self.cards = CardRepository(session)
        self.redemptions = RedemptionRepository(session)
        self.guesses = GuessRepository(session)
