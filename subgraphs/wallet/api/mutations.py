"""Wallet mutations: each calls its use case in a worker thread (`attempt`) and turns domain errors into
`userErrors`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.federation.schema_directives import Authenticated, RequiresScopes
from strawberry.types import Info

from subgraphs.shared.caller import STAFF_SCOPE
from subgraphs.shared.graphql.arguments import IdempotencyKey
from subgraphs.shared.graphql.attempt import attempt
from subgraphs.shared.graphql.fields import resolver_mutation
from subgraphs.shared.graphql.value_types import MoneyInput
from subgraphs.wallet import use_cases
from subgraphs.wallet.api.context import WalletContext
from subgraphs.wallet.api.payloads import (
    OpenWalletPayload,
    PostingPayload,
    TransferFundsPayload,
    WalletStatusPayload,
)
from subgraphs.wallet.domain.access import CREDIT_SCOPE

WalletId = Annotated[strawberry.ID, strawberry.argument(description="Id of the wallet.")]
Amount = Annotated[
    MoneyInput, strawberry.argument(description="How much: positive minor units, the wallet's currency.")
]
Reason = Annotated[str, strawberry.argument(description="Why (kept in the ledger, at most 500 characters).")]


@strawberry.type(description="Wallet mutations; each is idempotent by `idempotencyKey`.")
class Mutation:
    @resolver_mutation(directives=[Authenticated()], description="Open an empty wallet for the caller.")
    async def open_wallet(
        self,
        info: Info[WalletContext, None],
        currency: Annotated[str, strawberry.argument(description="ISO-4217 currency code of the new wallet.")],
        idempotency_key: IdempotencyKey,
    ) -> OpenWalletPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.open_wallet(ctx.runtime, ctx.caller, currency=currency, idempotency_key=idempotency_key)
        )
        return OpenWalletPayload.of(result)

    @resolver_mutation(
        directives=[RequiresScopes(scopes=[[STAFF_SCOPE], [CREDIT_SCOPE]])],
        description="Add money to a wallet (staff, or a service with scope `wallet:credit`). A `reference` such as "
        "a gift-card redemption id is credited at most once; a `beneficiaryId` must own the wallet.",
    )
    async def credit_wallet(
        self,
        info: Info[WalletContext, None],
        wallet_id: WalletId,
        amount: Amount,
        reason: Reason,
        idempotency_key: IdempotencyKey,
        reference: Annotated[
            str | None,
            strawberry.argument(description="External reference booked at most once, e.g. a redemption id."),
        ] = None,
        beneficiary_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="The user this credit is for (a gift-card redemption passes its redeemer): the credit is "
                "refused with WALLET_NOT_FOUND unless this user owns the wallet."
            ),
        ] = None,
    ) -> PostingPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.credit_wallet(
                ctx.runtime,
                ctx.caller,
                wallet_id=str(wallet_id),
                amount=amount.amount,
                currency=amount.currency,
                reason=reason,
                reference=reference,
                beneficiary_id=None if beneficiary_id is None else str(beneficiary_id),
                idempotency_key=idempotency_key,
            )
        )
        return PostingPayload.of(result)

    @resolver_mutation(
        directives=[Authenticated()], description="Take money out of one of the caller's wallets (or any, for staff)."
    )
    async def debit_wallet(
        self,
        info: Info[WalletContext, None],
        wallet_id: WalletId,
        amount: Amount,
        reason: Reason,
        idempotency_key: IdempotencyKey,
    ) -> PostingPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.debit_wallet(
                ctx.runtime,
                ctx.caller,
                wallet_id=str(wallet_id),
                amount=amount.amount,
                currency=amount.currency,
                reason=reason,
                idempotency_key=idempotency_key,
            )
        )
        return PostingPayload.of(result)

    @resolver_mutation(
        directives=[Authenticated()],
        description="Move money from one of the caller's wallets to any wallet of the same currency; both "
        "balances change in one transaction or neither does.",
    )
    async def transfer_funds(
        self,
        info: Info[WalletContext, None],
        from_wallet_id: Annotated[strawberry.ID, strawberry.argument(description="Source wallet (the caller's).")],
        to_wallet_id: Annotated[strawberry.ID, strawberry.argument(description="Destination wallet.")],
        amount: Amount,
        idempotency_key: IdempotencyKey,
        reason: Annotated[
            str | None, strawberry.argument(description="Why (kept in both ledgers, at most 500 characters).")
        ] = None,
    ) -> TransferFundsPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.transfer_funds(
                ctx.runtime,
                ctx.caller,
                from_wallet_id=str(from_wallet_id),
                to_wallet_id=str(to_wallet_id),
                amount=amount.amount,
                currency=amount.currency,
                reason=reason,
                idempotency_key=idempotency_key,
            )
        )
        return TransferFundsPayload.of(result, ctx.caller)

    @resolver_mutation(
        directives=[RequiresScopes(scopes=[[STAFF_SCOPE]])],
        description="Freeze a wallet: no money moves until it is unfrozen (staff).",
    )
    async def freeze_wallet(
        self, info: Info[WalletContext, None], wallet_id: WalletId, idempotency_key: IdempotencyKey
    ) -> WalletStatusPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.freeze_wallet(
                ctx.runtime, ctx.caller, wallet_id=str(wallet_id), idempotency_key=idempotency_key
            )
        )
        return WalletStatusPayload.of(result)

    @resolver_mutation(
        directives=[RequiresScopes(scopes=[[STAFF_SCOPE]])], description="Make a frozen wallet active again (staff)."
    )
    async def unfreeze_wallet(
        self, info: Info[WalletContext, None], wallet_id: WalletId, idempotency_key: IdempotencyKey
    ) -> WalletStatusPayload:
        ctx = info.context
        result = await attempt(
            lambda: use_cases.unfreeze_wallet(
                ctx.runtime, ctx.caller, wallet_id=str(wallet_id), idempotency_key=idempotency_key
            )
        )
        return WalletStatusPayload.of(result)
