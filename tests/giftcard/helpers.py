"""Small helpers shared by the giftcard tests: table snapshots and issuing a card in one call."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from subgraphs.giftcard.persistence.tables import metadata
from subgraphs.giftcard.use_cases import IssuedCard, issue_gift_cards
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from tests.giftcard.conftest import ISSUER


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every giftcard table, sorted: equal snapshots mean nothing changed."""
    with engine.connect() as connection:
        return {
            table.name: sorted(tuple(map(repr, row)) for row in connection.execute(select(table)))
            for table in metadata.sorted_tables
        }


def issue_one(runtime: GiftCardRuntime, amount: int = 1000, *, key: str, **kwargs: Any) -> IssuedCard:
    """Issue one EUR card."""
    issued = issue_gift_cards(runtime, ISSUER, amount=amount, currency="EUR", count=1, idempotency_key=key, **kwargs)
    return issued[0]
