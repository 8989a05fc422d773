"""Giftcard mutations: each calls its use case in a worker thread and turns domain errors into `userErrors`.

Scopes (declared for the router with `@requiresScopes`, enforced again by the use cases): issuing needs
`giftcards:issue` or `staff`; adjust/block/unblock/deactivate need `staff` or `giftcards:admin`; claim and redeem
need any verified caller (`@authenticated`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.federation.schema_directives import Authenticated, RequiresScopes
from strawberry.types import Info

from subgraphs.giftcard import use_cases
from subgraphs.giftcard.api.context import GiftCardContext
from subgraphs.giftcard.api.payloads import GiftCardPayload, IssueGiftCardsPayload, RedeemGiftCardPayload
from subgraphs.giftcard.domain.access import ADMIN_SCOPE, ISSUE_SCOPE
from subgraphs.giftcard.domain.model import ActivityKind, RedemptionStatus
from subgraphs.giftcard.queries import cards_by_ids
from subgraphs.giftcard.relay.outbox_relay import wait_until_settled
from subgraphs.shared.caller import STAFF_SCOPE
from subgraphs.shared.errors import DomainError
from subgraphs.shared.graphql.arguments import IdempotencyKey
from subgraphs.shared.graphql.attempt import attempt
from subgraphs.shared.graphql.fields import resolver_mutation
from subgraphs.shared.graphql.value_types import MoneyInput

CardId = Annotated[strawberry.ID, strawberry.argument(description="Id of the card.")]
Code = Annotated[str, strawberry.argument(description="The card's code as printed (dashes and case do not matter).")]
ADMIN = RequiresScopes(scopes=[[STAFF_SCOPE], [ADMIN_SCOPE]])


async def _change_status(
    info: Info[GiftCardContext, None], kind: ActivityKind, card_id: str, key: str, reason: str | None
) -> GiftCardPayload:
    ctx = info.context
    result = await attempt(
        lambda: use_cases.change_status(
            ctx.runtime, ctx.caller, kind=kind, gift_card_id=card_id, idempotency_key=key, reason=reason
        )
    )
    return GiftCardPayload.of(result, ctx.runtime.clock())


@strawberry.type(description="Giftcard mutations; each is idempotent by `idempotencyKey`.")
class Mutation:
    @resolver_mutation(
        directives=[RequiresScopes(scopes=[[ISSUE_SCOPE], [STAFF_SCOPE]])],
        description="Issue up to 1,000 cards of one value (scope `giftcards:issue` or `staff`). The codes are in "
        "this payload and nowhere else, ever.",
    )
    async def issue_gift_cards(
        self,
        info: Info[GiftCardContext, None],
        value: Annotated[MoneyInput, strawberry.argument(description="Value of each card (positive minor units).")],
        count: Annotated[int, strawberry.argument(description="How many cards, 1 to 1,000.")],
        idempotency_key: IdempotencyKey,
        expires_at: Annotated[
            datetime | None, strawberry.argument(description="Expiry (with a timezone, in the future); null: never.")
        ] = None,
        owner_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Give the cards to this user right away.")
        ] = None,
        note: Annotated[str | None, strawberry.argument(description="Why (kept on the ISSUE activity).")] = None,
    ) -> IssueGiftCardsPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.issue_gift_cards(
                ctx.runtime,
                ctx.caller,
                amount=value.amount,
                currency=value.currency,
                count=count,
                expires_at=expires_at,
                owner_id=None if owner_id is None else str(owner_id),
                note=note,
                idempotency_key=idempotency_key,
            )
        )
        return IssueGiftCardsPayload.of(result, ctx.runtime.clock())

    @resolver_mutation(
        directives=[Authenticated()],
        description="Attach an unowned card to the caller by its code. Failed codes count toward the caller's "
        "attempt limit (TOO_MANY_ATTEMPTS).",
    )
    async def claim_gift_card(
        self, info: Info[GiftCardContext, None], code: Code, idempotency_key: IdempotencyKey
    ) -> GiftCardPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.claim_gift_card(ctx.runtime, ctx.caller, code=code, idempotency_key=idempotency_key)
        )
        return GiftCardPayload.of(result, ctx.runtime.clock())

    @resolver_mutation(
        directives=[Authenticated()],
        description="Move money from a card into a wallet: by `code` (anyone holding an unowned card's code, or its "
        "owner) or by `giftCardId` (its owner, or staff). The card is debited at once; the wallet is credited "
        "exactly once shortly after. Waits briefly for the credit, else returns the redemption PENDING.",
    )
    async def redeem_gift_card(
        self,
        info: Info[GiftCardContext, None],
        wallet_id: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="One of the caller's wallets (the wallet checks its owner: another user's wallet fails "
                "the redemption with WALLET_NOT_FOUND and refunds the card)."
            ),
        ],
        amount: Annotated[MoneyInput, strawberry.argument(description="How much (positive, the card's currency).")],
        idempotency_key: IdempotencyKey,
        code: Annotated[str | None, strawberry.argument(description="The card's code (or give giftCardId).")] = None,
        gift_card_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The card's id (or give code).")
        ] = None,
    ) -> RedeemGiftCardPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.redeem_gift_card(
                ctx.runtime,
                ctx.caller,
                wallet_id=str(wallet_id),
                amount=amount.amount,
                currency=amount.currency,
                idempotency_key=idempotency_key,
                code=code,
                gift_card_id=None if gift_card_id is None else str(gift_card_id),
            )
        )
        if isinstance(result, DomainError):
            return RedeemGiftCardPayload.failure(result)
        redemption, card = result.redemption, result.card
        if redemption.status is RedemptionStatus.PENDING:
            if ctx.relay is not None:
                ctx.relay.wake()
            redemption = await wait_until_settled(ctx.runtime, redemption, ctx.redeem_wait_seconds)
            if redemption.status is RedemptionStatus.FAILED:  # refunded meanwhile
                card = (await run_in_threadpool(cards_by_ids, ctx.runtime, [card.id]))[0] or card
        return RedeemGiftCardPayload.success(redemption, card, ctx.runtime.clock())

    @resolver_mutation(
        directives=[ADMIN],
        description="Correct a card's balance: a positive amount adds, a negative one takes (never below zero). Staff.",
    )
    async def adjust_gift_card(
        self,
        info: Info[GiftCardContext, None],
        id: CardId,
        amount: Annotated[
            MoneyInput, strawberry.argument(description="Signed change in the card's currency, non-zero.")
        ],
        reason: Annotated[str, strawberry.argument(description="Why (kept on the activity, at most 500 characters).")],
        idempotency_key: IdempotencyKey,
    ) -> GiftCardPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.adjust_gift_card(
                ctx.runtime,
                ctx.caller,
                gift_card_id=str(id),
                amount=amount.amount,
                currency=amount.currency,
                reason=reason,
                idempotency_key=idempotency_key,
            )
        )
        return GiftCardPayload.of(result, ctx.runtime.clock())

    @resolver_mutation(directives=[ADMIN], description="Block an active card until it is unblocked. Staff.")
    async def block_gift_card(
        self,
        info: Info[GiftCardContext, None],
        id: CardId,
        idempotency_key: IdempotencyKey,
        reason: Annotated[str | None, strawberry.argument(description="Why (kept on the activity).")] = None,
    ) -> GiftCardPayload:
        return await _change_status(info, ActivityKind.BLOCK, str(id), idempotency_key, reason)

    @resolver_mutation(directives=[ADMIN], description="Make a blocked card usable again. Staff.")
    async def unblock_gift_card(
        self,
        info: Info[GiftCardContext, None],
        id: CardId,
        idempotency_key: IdempotencyKey,
        reason: Annotated[str | None, strawberry.argument(description="Why (kept on the activity).")] = None,
    ) -> GiftCardPayload:
        return await _change_status(info, ActivityKind.UNBLOCK, str(id), idempotency_key, reason)

    @resolver_mutation(directives=[ADMIN], description="Deactivate a card for good (one-way). Staff.")
    async def deactivate_gift_card(
        self,
        info: Info[GiftCardContext, None],
        id: CardId,
        idempotency_key: IdempotencyKey,
        reason: Annotated[str | None, strawberry.argument(description="Why (kept on the activity).")] = None,
    ) -> GiftCardPayload:
        return await _change_status(info, ActivityKind.DEACTIVATE, str(id), idempotency_key, reason)
