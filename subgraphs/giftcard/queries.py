"""Reads for the API, each answering a whole batch with one SQL query (the DataLoaders call these)."""

from __future__ import annotations

from collections.abc import Sequence

from subgraphs.giftcard.domain.model import CardStatus, GiftCard, GiftCardActivity, Redemption
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime
from subgraphs.shared.pagination import CursorKey, PageSlice, answer_slices


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


# The connections below serve many parents per response (every card of a user, every wallet of `_entities`):
# each answers all of its `PageSlice`s with one statement per distinct page shape, usually one in all.


def owner_card_slices(runtime: GiftCardRuntime, slices: Sequence[PageSlice]) -> list[list[GiftCard]]:
    """Each owner's cards, newest first (`filter`: a `CardStatus` or None)."""
    now = runtime.clock()
    with runtime.unit_of_work() as uow:

        def fetch(owner_ids: list[str], shape: PageSlice) -> dict[str, list[GiftCard]]:
            status = shape.filter if isinstance(shape.filter, CardStatus) else None
            return uow.cards.by_owners(owner_ids, first=shape.first, after=shape.after, status=status, now=now)

        return answer_slices(slices, fetch)


def activity_slices(runtime: GiftCardRuntime, slices: Sequence[PageSlice]) -> list[list[GiftCardActivity]]:
    """Each card's activity ledger, newest first."""
    with runtime.unit_of_work() as uow:
        return answer_slices(
            slices, lambda card_ids, shape: uow.cards.activities_of(card_ids, first=shape.first, after=shape.after)
        )


def wallet_redemption_slices(runtime: GiftCardRuntime, slices: Sequence[PageSlice]) -> list[list[Redemption]]:
    """Each wallet's redemptions, newest first (`filter`: only this redeemer's, or None for all)."""
    with runtime.unit_of_work() as uow:

        def fetch(wallet_ids: list[str], shape: PageSlice) -> dict[str, list[Redemption]]:
            redeemed_by = shape.filter if isinstance(shape.filter, str) else None
            return uow.redemptions.by_wallets(wallet_ids, first=shape.first, after=shape.after, redeemed_by=redeemed_by)

        return answer_slices(slices, fetch)


def card_cursor(card: GiftCard) -> CursorKey:
    """Position of a card in an owner's list."""
    return (card.created_at.isoformat(), card.id)


def activity_cursor(entry: GiftCardActivity) -> CursorKey:
    """Position of an activity in a card's ledger."""
    return (entry.seq or 0,)


def redemption_cursor(item: Redemption) -> CursorKey:
    """Position of a redemption in a wallet's list."""
    return (item.created_at.isoformat(), item.id)
