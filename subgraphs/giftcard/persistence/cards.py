"""The card repository: cards and their activity ledger, domain objects in and out, every read batched.

`lock()` takes row locks in id order (`SELECT ... FOR UPDATE`); `save_balance()` is additionally conditional on the
balance it read (`UPDATE ... WHERE balance = :before`), so a lost update is impossible even without the lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from subgraphs.giftcard.domain.model import CardStatus, GiftCard, GiftCardActivity
from subgraphs.giftcard.persistence.rows import activity_from_row, activity_values, card_from_row, card_values
from subgraphs.giftcard.persistence.tables import gift_card_activities, gift_cards
from subgraphs.shared.database import union_of
from subgraphs.shared.pagination import CursorKey, PageRequest


class LostUpdateError(RuntimeError):
    """A conditional update found the row changed (a bug: the row should have been locked)."""


def _status_condition(status: CardStatus, now: datetime) -> Any:
    c = gift_cards.c
    live = and_(c.status == "ACTIVE", or_(c.expires_at.is_(None), c.expires_at > now))
    return {
        CardStatus.DEACTIVATED: c.status == "DEACTIVATED",
        CardStatus.BLOCKED: c.status == "BLOCKED",
        CardStatus.EXPIRED: and_(c.status == "ACTIVE", c.expires_at.is_not(None), c.expires_at <= now),
        CardStatus.EMPTY: and_(live, c.balance == 0),
        CardStatus.ACTIVE: and_(live, c.balance > 0),
    }[status]


class CardRepository:
    """Reads and writes cards and activities on the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_many(self, ids: Iterable[str]) -> dict[str, GiftCard]:
        """Cards by id, one query."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self._session.execute(select(gift_cards).where(gift_cards.c.id.in_(wanted)))
        return {row.id: card_from_row(row) for row in rows}

    def lock(self, card_id: str) -> GiftCard | None:
        """The card, row-locked until the transaction ends."""
        row = self._session.execute(
            select(gift_cards).where(gift_cards.c.id == card_id).with_for_update()
        ).one_or_none()
        return None if row is None else card_from_row(row)

    def lock_by_hash(self, code_hash: str) -> GiftCard | None:
        """The card with this code hash, row-locked."""
        row = self._session.execute(
            select(gift_cards).where(gift_cards.c.code_hash == code_hash).with_for_update()
        ).one_or_none()
        return None if row is None else card_from_row(row)

    def by_hash(self, code_hash: str) -> GiftCard | None:
        """The card with this code hash (no lock)."""
        row = self._session.execute(select(gift_cards).where(gift_cards.c.code_hash == code_hash)).one_or_none()
        return None if row is None else card_from_row(row)

    def hashes_taken(self, hashes: Sequence[str]) -> set[str]:
        """Which of `hashes` already belong to a card (a collision is astronomically rare, but checked)."""
        if not hashes:
            return set()
        rows = self._session.execute(select(gift_cards.c.code_hash).where(gift_cards.c.code_hash.in_(list(hashes))))
        return {row.code_hash for row in rows}

    def add_many(self, cards: Sequence[GiftCard]) -> None:
        """Insert new cards in one statement."""
        if cards:
            self._session.execute(insert(gift_cards), [card_values(card) for card in cards])

    def save(self, before: GiftCard, after: GiftCard) -> None:
        """Store a card's new balance, status and owner, conditional on the balance read before."""
        result = self._session.execute(
            update(gift_cards)
            .where(gift_cards.c.id == before.id, gift_cards.c.balance == before.balance.amount)
            .values(balance=after.balance.amount, status=after.status.value, owner_id=after.owner_id)
        )
        if getattr(result, "rowcount", 1) != 1:
            raise LostUpdateError(f"gift card {before.id} changed under a lock")

    def append(self, entry: GiftCardActivity) -> GiftCardActivity:
        """Append one activity; returns it with its sequence number."""
        seq = self._session.execute(
            insert(gift_card_activities).values(**activity_values(entry)).returning(gift_card_activities.c.seq)
        ).scalar_one()
        return replace(entry, seq=int(seq))

    def append_many(self, entries: Sequence[GiftCardActivity]) -> None:
        """Append activities in one statement (sequence numbers are not read back)."""
        if entries:
            self._session.execute(insert(gift_card_activities), [activity_values(entry) for entry in entries])

    def by_owners(
        self, owner_ids: Sequence[str], *, first: int, after: CursorKey | None, status: CardStatus | None, now: datetime
    ) -> dict[str, list[GiftCard]]:
        """Each owner's cards, newest first, `first + 1` after the cursor position; one statement for all owners."""
        c = gift_cards.c

        def page(owner_id: str) -> Select[Any]:
            query = select(gift_cards).where(c.owner_id == owner_id)
            if status is not None:
                query = query.where(_status_condition(status, now))
            if after is not None:
                created, card_id = datetime.fromisoformat(str(after[0])), str(after[1])
                query = query.where(or_(c.created_at < created, and_(c.created_at == created, c.id < card_id)))
            return query.order_by(c.created_at.desc(), c.id.desc()).limit(first + 1)

        found: dict[str, list[GiftCard]] = {owner_id: [] for owner_id in owner_ids}
        if owner_ids:
            for row in self._session.execute(union_of([page(owner_id) for owner_id in sorted(found)])):
                found[row.owner_id].append(card_from_row(row))
        for cards in found.values():
            cards.sort(key=lambda card: (card.created_at, card.id), reverse=True)
        return found

    def activities_of(
        self, card_ids: Sequence[str], *, first: int, after: CursorKey | None
    ) -> dict[str, list[GiftCardActivity]]:
        """Each card's ledger, newest first, `first + 1` after the cursor position; one statement for all cards."""
        t = gift_card_activities.c

        def page(card_id: str) -> Select[Any]:
            query = select(gift_card_activities).where(t.gift_card_id == card_id)
            if after is not None:
                query = query.where(t.seq < int(after[0]))
            return query.order_by(t.seq.desc()).limit(first + 1)

        found: dict[str, list[GiftCardActivity]] = {card_id: [] for card_id in card_ids}
        if card_ids:
            for row in self._session.execute(union_of([page(card_id) for card_id in sorted(found)])):
                found[row.gift_card_id].append(activity_from_row(row))
        for entries in found.values():
            entries.sort(key=lambda entry: entry.seq or 0, reverse=True)
        return found

    def activities(self, card_id: str, page: PageRequest) -> list[GiftCardActivity]:
        """One card's ledger, newest first, `page.first + 1` rows after the cursor position."""
        return self.activities_of([card_id], first=page.first, after=page.after)[card_id]

    def ledger_sums(self) -> dict[str, int]:
        """Sum of activity amounts per card (what each balance must equal)."""
        rows = self._session.execute(
            select(
                gift_card_activities.c.gift_card_id, func.coalesce(func.sum(gift_card_activities.c.amount), 0)
            ).group_by(gift_card_activities.c.gift_card_id)
        )
        return {card_id: int(total) for card_id, total in rows}
