"""Reads for the API, each answering a whole batch with one SQL query (the DataLoaders call these)."""

from __future__ import annotations

from collections.abc import Sequence

from subgraphs.giftcard.domain.model import CardStatus, GiftCard, GiftCardActivity, Redemption
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.pagination import Page, PageRequest, build_page


def cards_by_ids(runtime: GiftCardRuntime, ids: Sequence[str]) -> list[GiftCard | None]:
    """The card for each id, in order (None where absent); one query."""
    with runtime.unit_of_work() as uow:
        found = uow.cards.get_many(ids)
    return [found.get(card_id) for card_id in ids]


def redemptions_by_ids(runtime: GiftCardRuntime, ids: Sequence[str]) -> list[Redemption | None]:
    """The redemption for each id, in order (None where absent); one query."""
    with runtime.unit_of_work() as uow:
        found = uow.redemptions.get_many(ids)
    return [found.get(redemption_id) for redemption_id in ids]


def cards_of_owner(
    runtime: GiftCardRuntime, owner_id: str, request: PageRequest, status: CardStatus | None
) -> Page[GiftCard]:
    """One page of an owner's cards, newest first."""
    with runtime.unit_of_work() as uow:
        rows = uow.cards.by_owner(owner_id, request, status, runtime.clock())
    return build_page(rows, request, lambda card: (card.created_at.isoformat(), card.id))


def card_activities(runtime: GiftCardRuntime, card_id: str, request: PageRequest) -> Page[GiftCardActivity]:
    """One page of a card's ledger, newest first."""
    with runtime.unit_of_work() as uow:
        rows = uow.cards.activities(card_id, request)
    return build_page(rows, request, lambda entry: (entry.seq or 0,))


def redemptions_of_wallet(
    runtime: GiftCardRuntime, wallet_id: str, request: PageRequest, redeemed_by: str | None
) -> Page[Redemption]:
    """One page of the redemptions into a wallet (only `redeemed_by`'s unless None), newest first."""
    with runtime.unit_of_work() as uow:
        rows = uow.redemptions.by_wallet(wallet_id, request, redeemed_by)
    return build_page(rows, request, lambda item: (item.created_at.isoformat(), item.id))
