"""The redemption repository and the outbox the relay drains.

Claiming due outbox rows is `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite serialises writers anyway):
each relay replica takes rows nobody else holds, then leases them by pushing `next_attempt_at` forward and commits.
The HTTP call happens outside any transaction; if the replica dies, the lease runs out and another one retries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from subgraphs.giftcard.domain.model import Redemption
from subgraphs.giftcard.persistence.rows import redemption_from_row, redemption_values
from subgraphs.giftcard.persistence.tables import redemption_outbox, redemptions
from subgraphs.shared.database import union_of
from subgraphs.shared.pagination import CursorKey


class RedemptionRepository:
    """Reads and writes redemptions and their outbox rows on the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, redemption: Redemption, now: datetime) -> None:
        """Insert a PENDING redemption and its outbox row (same transaction as the card debit)."""
        self._session.execute(insert(redemptions).values(**redemption_values(redemption)))
        self._session.execute(
            insert(redemption_outbox).values(
                redemption_id=redemption.id, attempts=0, next_attempt_at=now, created_at=now
            )
        )

    def get_many(self, ids: Iterable[str]) -> dict[str, Redemption]:
        """Redemptions by id, one query."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self._session.execute(select(redemptions).where(redemptions.c.id.in_(wanted)))
        return {row.id: redemption_from_row(row) for row in rows}

    def lock(self, redemption_id: str) -> Redemption | None:
        """The redemption, row-locked until the transaction ends."""
        row = self._session.execute(
            select(redemptions).where(redemptions.c.id == redemption_id).with_for_update()
        ).one_or_none()
        return None if row is None else redemption_from_row(row)

    def save_outcome(self, redemption: Redemption) -> None:
        """Store a settled redemption's status, reason and completion time."""
        self._session.execute(
            update(redemptions)
            .where(redemptions.c.id == redemption.id)
            .values(
                status=redemption.status.value,
                failure_reason=redemption.failure_reason,
                completed_at=redemption.completed_at,
            )
        )

    def by_wallets(
        self, wallet_ids: Sequence[str], *, first: int, after: CursorKey | None, redeemed_by: str | None
    ) -> dict[str, list[Redemption]]:
        """Redemptions into each wallet (only `redeemed_by`'s unless None), newest first, `first + 1` after the
        cursor position; one statement for all wallets."""
        c = redemptions.c

        def page(wallet_id: str) -> Select[Any]:
            query = select(redemptions).where(c.wallet_id == wallet_id)
            if redeemed_by is not None:
                query = query.where(c.redeemed_by == redeemed_by)
            if after is not None:
                created, redemption_id = datetime.fromisoformat(str(after[0])), str(after[1])
                query = query.where(or_(c.created_at < created, and_(c.created_at == created, c.id < redemption_id)))
            return query.order_by(c.created_at.desc(), c.id.desc()).limit(first + 1)

        found: dict[str, list[Redemption]] = {wallet_id: [] for wallet_id in wallet_ids}
        if wallet_ids:
            for row in self._session.execute(union_of([page(wallet_id) for wallet_id in sorted(found)])):
                found[row.wallet_id].append(redemption_from_row(row))
        for items in found.values():
            items.sort(key=lambda item: (item.created_at, item.id), reverse=True)
        return found

    # --- the outbox -------------------------------------------------------------------------------------------

    def lease_due(self, now: datetime, *, limit: int, lease_until: datetime) -> list[tuple[Redemption, int]]:
        """Take up to `limit` undelivered rows due now that no other relay holds; lease them until `lease_until`.

        Returns each redemption with its attempt number (1 for the first delivery)."""
        o = redemption_outbox.c
        query = (
            select(o.redemption_id, o.attempts)
            .where(o.delivered_at.is_(None), o.next_attempt_at <= now)
            .order_by(o.next_attempt_at)
            .limit(limit)
        )
        if self._session.get_bind().dialect.name != "sqlite":
            query = query.with_for_update(skip_locked=True)
        due = list(self._session.execute(query))
        if not due:
            return []
        ids = [row.redemption_id for row in due]
        self._session.execute(
            update(redemption_outbox)
            .where(o.redemption_id.in_(ids))
            .values(attempts=o.attempts + 1, next_attempt_at=lease_until)
        )
        found = self.get_many(ids)
        return [(found[row.redemption_id], int(row.attempts) + 1) for row in due if row.redemption_id in found]

    def lease_is_current(self, redemption_id: str, attempt: int) -> bool:
        """Lock the outbox row; True while it is undelivered and not leased again since `attempt`."""
        o = redemption_outbox.c
        row = self._session.execute(
            select(o.attempts, o.delivered_at).where(o.redemption_id == redemption_id).with_for_update()
        ).one_or_none()
        return row is not None and row.delivered_at is None and int(row.attempts) == attempt

    def mark_delivered(self, redemption_id: str, now: datetime) -> None:
        """The outbox row is settled: the relay never sends it again."""
        self._session.execute(
            update(redemption_outbox)
            .where(redemption_outbox.c.redemption_id == redemption_id)
            .values(delivered_at=now, last_error=None)
        )

    def reschedule(self, redemption_id: str, *, at: datetime, error: str) -> None:
        """Try again at `at`; remember why the last attempt failed."""
        self._session.execute(
            update(redemption_outbox)
            .where(redemption_outbox.c.redemption_id == redemption_id, redemption_outbox.c.delivered_at.is_(None))
            .values(next_attempt_at=at, last_error=error[:500])
        )

    def pending_count(self) -> int:
        """Undelivered outbox rows."""
        count = self._session.execute(
            select(func.count()).select_from(redemption_outbox).where(redemption_outbox.c.delivered_at.is_(None))
        ).scalar_one()
        return int(count)
