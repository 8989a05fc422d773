"""GraphQL object types of the wallet subgraph: `User` and `Wallet` entities, ledger entries, the connection,
the enums and the typed user error."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from subgraphs.shared.errors import DomainError, ForbiddenError
from subgraphs.shared.graphql.arguments import After, First
from subgraphs.shared.graphql.coded_errors import user_error_code
from subgraphs.shared.graphql.error_codes import shared_code
from subgraphs.shared.graphql.fields import resolver_field
from subgraphs.shared.graphql.value_types import Money, PageInfo
from subgraphs.shared.ids import parse_id
from subgraphs.shared.pagination import PageSlice, build_page, page_request
from subgraphs.wallet.api.context import WalletContext
from subgraphs.wallet.domain import model
from subgraphs.wallet.domain.access import can_view, can_view_user
from subgraphs.wallet.domain.errors import WalletNotFoundError


@strawberry.enum(description="Lifecycle state of a wallet.")
class WalletStatus(Enum):
    ACTIVE = strawberry.enum_value("ACTIVE", description="Money can move in and out.")
    FROZEN = strawberry.enum_value("FROZEN", description="Staff froze it: no money moves until it is unfrozen.")
    CLOSED = strawberry.enum_value("CLOSED", description="Closed for good.")


@strawberry.enum(description="Why a wallet's balance changed.")
class TransactionKind(Enum):
    CREDIT = strawberry.enum_value("CREDIT", description="Money added by staff or a service (e.g. a redemption).")
    DEBIT = strawberry.enum_value("DEBIT", description="Money taken out by the owner.")
    TRANSFER_IN = strawberry.enum_value("TRANSFER_IN", description="Money received from another wallet.")
    TRANSFER_OUT = strawberry.enum_value("TRANSFER_OUT", description="Money sent to another wallet.")


@strawberry.enum(description="Machine-readable reason a wallet mutation failed.")
class WalletErrorCode(Enum):
    INSUFFICIENT_FUNDS = strawberry.enum_value("INSUFFICIENT_FUNDS", description="The balance is too low.")
    CURRENCY_MISMATCH = strawberry.enum_value(
        "CURRENCY_MISMATCH", description="The amount's currency differs from the wallet's."
    )
    WALLET_FROZEN = strawberry.enum_value("WALLET_FROZEN", description="The wallet is frozen.")
    WALLET_CLOSED = strawberry.enum_value("WALLET_CLOSED", description="The wallet is closed.")
    WALLET_NOT_FOUND = strawberry.enum_value(
        "WALLET_NOT_FOUND", description="No such wallet, or not one the caller may see."
    )
    INVALID_AMOUNT = shared_code("INVALID_AMOUNT")
    INVALID_CURRENCY = shared_code("INVALID_CURRENCY")
    INVALID_ID = shared_code("INVALID_ID")
    INVALID_INPUT = shared_code("INVALID_INPUT")
    REFERENCE_CONFLICT = strawberry.enum_value(
        "REFERENCE_CONFLICT", description="The credit reference was already booked with other details."
    )
    IDEMPOTENCY_KEY_REUSED = shared_code("IDEMPOTENCY_KEY_REUSED")
    IDEMPOTENCY_KEY_IN_USE = shared_code("IDEMPOTENCY_KEY_IN_USE")
    FORBIDDEN = shared_code("FORBIDDEN")
    UNAUTHENTICATED = shared_code("UNAUTHENTICATED")


@strawberry.type(description="Why a mutation did not happen; nothing was changed.")
class WalletUserError:
    code: WalletErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")
    field: str | None = strawberry.field(description="The argument at fault, e.g. `amount.currency`, if any.")

    @classmethod
    def from_error(cls, error: DomainError) -> WalletUserError:
        """The typed user error for a domain error."""
        return cls(
            code=user_error_code(WalletErrorCode, error, WalletErrorCode.INVALID_INPUT),
            message=error.message,
            field=error.field,
        )


@strawberry.type(description="One entry of a wallet's append-only ledger.")
class WalletTransaction:
    id: strawberry.ID = strawberry.field(description="Id of the entry.")
    amount: Money = strawberry.field(description="Signed change: positive adds to the balance, negative takes.")
    balance_after: Money = strawberry.field(description="The wallet's balance right after this entry.")
    kind: TransactionKind = strawberry.field(description="Why the balance changed.")
    reason: str | None = strawberry.field(description="Free-text reason given by the actor.")
    reference: str | None = strawberry.field(
        description="External reference: the redemption id of a gift-card credit, the transfer id of a transfer."
    )
    actor: str = strawberry.field(description="Who made the change: the JWT subject of a user or a service.")
    created_at: datetime = strawberry.field(description="When the entry was booked (UTC).")

    @classmethod
    def from_domain(cls, entry: model.WalletTransaction) -> WalletTransaction:
        """The GraphQL view of a ledger entry."""
        return cls(
            id=strawberry.ID(entry.id),
            amount=Money.from_value(entry.amount),
            balance_after=Money.from_value(entry.balance_after),
            kind=TransactionKind[entry.kind.name],
            reason=entry.reason,
            reference=entry.reference,
            actor=entry.actor,
            created_at=entry.created_at,
        )


@strawberry.type(description="A ledger entry and its cursor.")
class WalletTransactionEdge:
    cursor: str = strawberry.field(description="Opaque cursor; pass it as `after` to continue after this entry.")
    node: WalletTransaction = strawberry.field(description="The ledger entry.")


@strawberry.type(description="A page of ledger entries, newest first (Relay connection).")
class WalletTransactionConnection:
    edges: list[WalletTransactionEdge] = strawberry.field(description="The entries of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the ledger.")


@strawberry.federation.type(keys=["id"], description="A wallet: one owner, one currency, a ledger of changes.")
class Wallet:
    id: strawberry.ID = strawberry.field(description="Id of the wallet.")
    currency: str = strawberry.field(description="ISO-4217 currency of everything in this wallet.")
    balance: Money = strawberry.field(description="Current balance; always the sum of the ledger, never negative.")
    status: WalletStatus = strawberry.field(description="Whether money can move.")
    created_at: datetime = strawberry.field(description="When the wallet was opened (UTC).")
    owner_id: strawberry.Private[str]

    @classmethod
    def from_domain(cls, wallet: model.Wallet) -> Wallet:
        """The GraphQL view of a wallet snapshot."""
        return cls(
            id=strawberry.ID(wallet.id),
            currency=wallet.currency,
            balance=Money.from_value(wallet.balance),
            status=WalletStatus[wallet.status.name],
            created_at=wallet.created_at,
            owner_id=wallet.owner_id,
        )

    @resolver_field(description="The user who owns the wallet.")
    def owner(self) -> User:
        return User(id=strawberry.ID(self.owner_id))

    @resolver_field(description="The wallet's ledger, newest first.")
    async def transactions(
        self,
        info: Info[WalletContext, None],
        first: First = None,
        after: After = None,
        kind: Annotated[TransactionKind | None, strawberry.argument(description="Only entries of this kind.")] = None,
    ) -> WalletTransactionConnection:
        request = page_request(f"wallet-tx:{self.id}", first, after, shape=(int,))
        kinds = (model.TransactionKind[kind.name],) if kind is not None else None
        # Batched: the wallets of one response share a statement (`queries.ledger_slices`), not one query each.
        rows = await info.context.ledger_loader.load(PageSlice.of(str(self.id), request, kinds))
        page = build_page(rows, request, lambda entry: (entry.seq or 0,))
        return WalletTransactionConnection(
            edges=[
                WalletTransactionEdge(cursor=edge.cursor, node=WalletTransaction.from_domain(edge.node))
                for edge in page.edges
            ],
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=page.start_cursor,
                end_cursor=page.end_cursor,
            ),
        )

    @classmethod
    async def resolve_reference(cls, info: Info[WalletContext, None], id: strawberry.ID) -> Wallet:
        """Entity resolution: batched through the request's DataLoader (one query for the whole batch)."""
        return await load_visible_wallet(info, str(id), field="id")


async def load_visible_wallet(info: Info[WalletContext, None], raw_id: str, *, field: str) -> Wallet:
    """The wallet if it exists and the caller may see it; WALLET_NOT_FOUND otherwise (no existence leak)."""
    caller = info.context.require_caller()
    wallet_id = parse_id(raw_id, field=field)
    wallet = await info.context.wallet_loader.load(wallet_id)
    if wallet is None or not can_view(caller, wallet):
        raise WalletNotFoundError(f"no wallet {wallet_id}", field=field)
    return Wallet.from_domain(wallet)


@strawberry.federation.type(keys=["id"], description="A user, identified by the JWT subject.")
class User:
    id: strawberry.ID = strawberry.field(description="The user's id: the `sub` claim of their token.")

    @resolver_field(description="The user's wallets, oldest first (visible to the user and to staff).")
    async def wallets(self, info: Info[WalletContext, None]) -> list[Wallet]:
        caller = info.context.require_caller()
        if not can_view_user(caller, str(self.id)):
            raise ForbiddenError("only the user and staff see a user's wallets")
        found = await info.context.owner_loader.load(str(self.id))
        return [Wallet.from_domain(wallet) for wallet in found]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        """Entity resolution: a user is just an id here; `wallets` batches through the DataLoader."""
        return cls(id=id)


__all__ = [
    "TransactionKind",
    "User",
    "Wallet",
    "WalletErrorCode",
    "WalletStatus",
    "WalletTransaction",
    "WalletTransactionConnection",
    "WalletTransactionEdge",
    "WalletUserError",
]
