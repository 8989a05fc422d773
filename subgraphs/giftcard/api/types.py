"""GraphQL object types of the giftcard subgraph: the `GiftCard`, `User`, `Redemption` and `Wallet` entities, the
activity ledger and the connections.

Visibility is checked where an object is reached: a card by id or as an entity (owner or staff), a user's card list
(the user or staff), a redemption (its redeemer or staff, who then also see its card), a wallet's redemptions (the
caller's own redemptions into it, or all for staff).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from subgraphs.giftcard.api.context import GiftCardContext
from subgraphs.giftcard.api.enums import GiftCardActivityKind, GiftCardStatus, RedemptionStatus
from subgraphs.giftcard.domain import model
from subgraphs.giftcard.domain.access import can_view_card, can_view_redemption, can_view_user, is_admin
from subgraphs.giftcard.domain.codes import mask
from subgraphs.giftcard.domain.errors import GiftCardNotFoundError, RedemptionNotFoundError
from subgraphs.giftcard.queries import activity_cursor, card_cursor, redemption_cursor
from subgraphs.shared.errors import ForbiddenError
from subgraphs.shared.graphql.arguments import After, First
from subgraphs.shared.graphql.fields import resolver_field
from subgraphs.shared.graphql.value_types import Money, PageInfo
from subgraphs.shared.ids import parse_id
from subgraphs.shared.pagination import Page, PageSlice, build_page, page_request


def _page_info(page: Page[Any]) -> PageInfo:
    return PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=page.start_cursor,
        end_cursor=page.end_cursor,
    )


@strawberry.type(description="One entry of a card's append-only activity ledger.")
class GiftCardActivity:
    id: strawberry.ID = strawberry.field(description="Id of the entry.")
    kind: GiftCardActivityKind = strawberry.field(description="Why the card changed.")
    amount: Money = strawberry.field(description="Signed change of the balance (zero for status changes).")
    balance_after: Money = strawberry.field(description="The card's balance right after this entry.")
    actor: str = strawberry.field(description="Who made the change: a user's or service's JWT subject.")
    reason: str | None = strawberry.field(description="Free-text reason (the note of an issue, an adjustment's why).")
    reference: str | None = strawberry.field(description="External reference: the redemption id of REDEEM/REFUND.")
    created_at: datetime = strawberry.field(description="When the entry was booked (UTC).")

    @classmethod
    def from_domain(cls, entry: model.GiftCardActivity) -> GiftCardActivity:
        """The GraphQL view of a ledger entry."""
        return cls(
            id=strawberry.ID(entry.id),
            kind=GiftCardActivityKind[entry.kind.name],
            amount=Money.from_value(entry.amount),
            balance_after=Money.from_value(entry.balance_after),
            actor=entry.actor,
            reason=entry.reason,
            reference=entry.reference,
            created_at=entry.created_at,
        )


@strawberry.type(description="An activity and its cursor.")
class GiftCardActivityEdge:
    cursor: str = strawberry.field(description="Opaque cursor; pass it as `after` to continue after this entry.")
    node: GiftCardActivity = strawberry.field(description="The activity.")


@strawberry.type(description="A page of a card's activities, newest first (Relay connection).")
class GiftCardActivityConnection:
    edges: list[GiftCardActivityEdge] = strawberry.field(description="The activities of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the ledger.")


@strawberry.federation.type(
    keys=["id"], description="A gift card. Its code is shown once, at issue; after that only its last four symbols."
)
class GiftCard:
    id: strawberry.ID = strawberry.field(description="Id of the card.")
    last4: str = strawberry.field(description="The last four symbols of the code.")
    masked_code: str = strawberry.field(description="The code with all but the last four symbols hidden.")
    balance: Money = strawberry.field(description="What is left on the card; never negative.")
    initial_value: Money = strawberry.field(description="The value the card was issued with.")
    status: GiftCardStatus = strawberry.field(description="Whether the card can be used, and if not, why.")
    expires_at: datetime | None = strawberry.field(description="When the card expires (UTC); null: never.")
    created_at: datetime = strawberry.field(description="When the card was issued (UTC).")
    owner_id: strawberry.Private[str | None]

    @classmethod
    def from_domain(cls, card: model.GiftCard, now: datetime) -> GiftCard:
        """The GraphQL view of a card snapshot, its status as of `now`."""
        return cls(
            id=strawberry.ID(card.id),
            last4=card.last4,
            masked_code=mask(card.last4),
            balance=Money.from_value(card.balance),
            initial_value=Money.from_value(card.initial_value),
            status=GiftCardStatus[card.effective_status(now).name],
            expires_at=card.expires_at,
            created_at=card.created_at,
            owner_id=card.owner_id,
        )

    @resolver_field(description="The user the card belongs to; null until someone claims it.")
    def owner(self) -> User | None:
        return None if self.owner_id is None else User(id=strawberry.ID(self.owner_id))

    @resolver_field(description="The card's activity ledger, newest first.")
    async def activities(
        self, info: Info[GiftCardContext, None], first: First = None, after: After = None
    ) -> GiftCardActivityConnection:
        request = page_request(f"giftcard-activity:{self.id}", first, after, shape=(int,))
        rows = await info.context.activities_loader.load(PageSlice.of(str(self.id), request))
        page = build_page(rows, request, activity_cursor)
        return GiftCardActivityConnection(
            edges=[
                GiftCardActivityEdge(cursor=edge.cursor, node=GiftCardActivity.from_domain(edge.node))
                for edge in page.edges
            ],
            page_info=_page_info(page),
        )

    @classmethod
    async def resolve_reference(cls, info: Info[GiftCardContext, None], id: strawberry.ID) -> GiftCard:
        """Entity resolution, batched through the request's DataLoader; owner and staff only."""
        return await load_visible_card(info, str(id), field="id")


async def load_visible_card(info: Info[GiftCardContext, None], raw_id: str, *, field: str) -> GiftCard:
    """The card if it exists and the caller may see it; GIFT_CARD_NOT_FOUND otherwise (no existence leak)."""
    caller = info.context.require_caller()
    card_id = parse_id(raw_id, field=field)
    card = await info.context.card_loader.load(card_id)
    if card is None or not can_view_card(caller, card.owner_id):
        raise GiftCardNotFoundError(f"no gift card {card_id}", field=field)
    return GiftCard.from_domain(card, info.context.runtime.clock())


@strawberry.type(description="A card and its cursor.")
class GiftCardEdge:
    cursor: str = strawberry.field(description="Opaque cursor; pass it as `after` to continue after this card.")
    node: GiftCard = strawberry.field(description="The card.")


@strawberry.type(description="A page of cards, newest first (Relay connection).")
class GiftCardConnection:
    edges: list[GiftCardEdge] = strawberry.field(description="The cards of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")


@strawberry.federation.type(keys=["id"], description="A user, identified by the JWT subject.")
class User:
    id: strawberry.ID = strawberry.field(description="The user's id: the `sub` claim of their token.")

    @resolver_field(description="The user's gift cards, newest first (visible to the user and to staff).")
    async def gift_cards(
        self,
        info: Info[GiftCardContext, None],
        first: First = None,
        after: After = None,
        status: Annotated[GiftCardStatus | None, strawberry.argument(description="Only cards in this status.")] = None,
    ) -> GiftCardConnection:
        caller = info.context.require_caller()
        if not can_view_user(caller, str(self.id)):
            raise ForbiddenError("only the user and staff see a user's gift cards")
        request = page_request(f"giftcards:{self.id}", first, after, shape=(datetime, str))
        wanted = None if status is None else model.CardStatus[status.name]
        rows = await info.context.owner_cards_loader.load(PageSlice.of(str(self.id), request, wanted))
        page = build_page(rows, request, card_cursor)
        now = info.context.runtime.clock()
        return GiftCardConnection(
            edges=[GiftCardEdge(cursor=edge.cursor, node=GiftCard.from_domain(edge.node, now)) for edge in page.edges],
            page_info=_page_info(page),
        )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        """Entity resolution: a user is just an id here."""
        return cls(id=id)


@strawberry.federation.type(
    keys=["id"], description="A wallet of the wallet subgraph; this subgraph adds the redemptions into it."
)
class Wallet:
    id: strawberry.ID = strawberry.field(description="Id of the wallet.")

    @resolver_field(description="Gift card redemptions into this wallet, newest first: the caller's own (staff: all).")
    async def redemptions(
        self, info: Info[GiftCardContext, None], first: First = None, after: After = None
    ) -> RedemptionConnection:
        caller = info.context.require_caller()
        request = page_request(f"redemptions:{self.id}", first, after, shape=(datetime, str))
        redeemed_by = None if is_admin(caller) else caller.sub
        rows = await info.context.wallet_redemptions_loader.load(PageSlice.of(str(self.id), request, redeemed_by))
        page = build_page(rows, request, redemption_cursor)
        return RedemptionConnection(
            edges=[RedemptionEdge(cursor=edge.cursor, node=Redemption.from_domain(edge.node)) for edge in page.edges],
            page_info=_page_info(page),
        )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Wallet:
        """Entity resolution: the wallet itself lives in the wallet subgraph."""
        return cls(id=id)


@strawberry.federation.type(keys=["id"], description="Value moved from a gift card into a wallet.")
class Redemption:
    id: strawberry.ID = strawberry.field(description="Id of the redemption (the wallet credit's reference).")
    amount: Money = strawberry.field(description="How much moved.")
    status: RedemptionStatus = strawberry.field(description="PENDING until the wallet credited or refused it.")
    failure_reason: str | None = strawberry.field(description="Why the wallet refused (FAILED only).")
    created_at: datetime = strawberry.field(description="When the card was debited (UTC).")
    completed_at: datetime | None = strawberry.field(description="When the redemption was settled (UTC).")
    gift_card_id: strawberry.Private[str]
    wallet_id: strawberry.Private[str]

    @classmethod
    def from_domain(cls, redemption: model.Redemption) -> Redemption:
        """The GraphQL view of a redemption."""
        return cls(
            id=strawberry.ID(redemption.id),
            amount=Money.from_value(redemption.amount),
            status=RedemptionStatus[redemption.status.name],
            failure_reason=redemption.failure_reason,
            created_at=redemption.created_at,
            completed_at=redemption.completed_at,
            gift_card_id=redemption.gift_card_id,
            wallet_id=redemption.wallet_id,
        )

    @resolver_field(description="The wallet credited.")
    def wallet(self) -> Wallet:
        return Wallet(id=strawberry.ID(self.wallet_id))

    @resolver_field(description="The card debited (visible with the redemption).")
    async def gift_card(self, info: Info[GiftCardContext, None]) -> GiftCard | None:
        card = await info.context.card_loader.load(self.gift_card_id)
        return None if card is None else GiftCard.from_domain(card, info.context.runtime.clock())

    @classmethod
    async def resolve_reference(cls, info: Info[GiftCardContext, None], id: strawberry.ID) -> Redemption:
        """Entity resolution, batched; the redeemer and staff only."""
        return await load_visible_redemption(info, str(id), field="id")


async def load_visible_redemption(info: Info[GiftCardContext, None], raw_id: str, *, field: str) -> Redemption:
    """The redemption if the caller may see it; REDEMPTION_NOT_FOUND otherwise."""
    caller = info.context.require_caller()
    redemption_id = parse_id(raw_id, field=field)
    found = await info.context.redemption_loader.load(redemption_id)
    if found is None or not can_view_redemption(caller, found.redeemed_by):
        raise RedemptionNotFoundError(f"no redemption {redemption_id}", field=field)
    return Redemption.from_domain(found)


@strawberry.type(description="A redemption and its cursor.")
class RedemptionEdge:
    cursor: str = strawberry.field(description="Opaque cursor; pass it as `after` to continue after this one.")
    node: Redemption = strawberry.field(description="The redemption.")


@strawberry.type(description="A page of redemptions, newest first (Relay connection).")
class RedemptionConnection:
    edges: list[RedemptionEdge] = strawberry.field(description="The redemptions of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")


@strawberry.type(description="What a code is worth right now (for the caller who holds the code).")
class GiftCardBalance:
    last4: str = strawberry.field(description="The last four symbols of the code.")
    balance: Money = strawberry.field(description="What is left on the card.")
    expires_at: datetime | None = strawberry.field(description="When the card expires (UTC); null: never.")
