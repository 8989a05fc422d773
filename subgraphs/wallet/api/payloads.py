"""Mutation payloads: the result on success, typed `userErrors` (and null results) on failure."""

from __future__ import annotations

import strawberry

from subgraphs.shared.caller import Caller
from subgraphs.shared.errors import DomainError
from subgraphs.wallet.api.types import Wallet, WalletTransaction, WalletUserError
from subgraphs.wallet.domain import model
from subgraphs.wallet.domain.access import can_view
from subgraphs.wallet.use_cases import Posting, Transfer

_USER_ERRORS = "Why the mutation did not happen; empty on success."


def _errors(error: DomainError | None) -> list[WalletUserError]:
    return [] if error is None else [WalletUserError.from_error(error)]


@strawberry.type(description="Result of `openWallet`.")
class OpenWalletPayload:
    wallet: Wallet | None = strawberry.field(description="The new wallet.")
    user_errors: list[WalletUserError] = strawberry.field(description=_USER_ERRORS)

    @classmethod
    def of(cls, result: model.Wallet | DomainError) -> OpenWalletPayload:
        """Payload for a result or an error."""
        if isinstance(result, DomainError):
            return cls(wallet=None, user_errors=_errors(result))
        return cls(wallet=Wallet.from_domain(result), user_errors=[])


@strawberry.type(description="Result of `creditWallet` or `debitWallet`.")
class PostingPayload:
    wallet: Wallet | None = strawberry.field(description="The wallet right after the change.")
    transaction: WalletTransaction | None = strawberry.field(description="The ledger entry booked.")
    user_errors: list[WalletUserError] = strawberry.field(description=_USER_ERRORS)

    @classmethod
    def of(cls, result: Posting | DomainError) -> PostingPayload:
        """Payload for a result or an error."""
        if isinstance(result, DomainError):
            return cls(wallet=None, transaction=None, user_errors=_errors(result))
        return cls(
            wallet=Wallet.from_domain(result.wallet),
            transaction=WalletTransaction.from_domain(result.transaction),
            user_errors=[],
        )


@strawberry.type(description="Result of `transferFunds`.")
class TransferFundsPayload:
    from_wallet: Wallet | None = strawberry.field(description="The source wallet right after the transfer.")
    to_wallet: Wallet | None = strawberry.field(
        description="The destination wallet right after the transfer; null unless the caller may see it."
    )
    debit: WalletTransaction | None = strawberry.field(description="The TRANSFER_OUT entry of the source.")
    credit: WalletTransaction | None = strawberry.field(
        description="The TRANSFER_IN entry of the destination; null unless the caller may see that wallet."
    )
    user_errors: list[WalletUserError] = strawberry.field(description=_USER_ERRORS)

    @classmethod
    def of(cls, result: Transfer | DomainError, caller: Caller | None) -> TransferFundsPayload:
        """Payload for a result or an error; the destination side only for callers who may see it."""
        if isinstance(result, DomainError):
            return cls(from_wallet=None, to_wallet=None, debit=None, credit=None, user_errors=_errors(result))
        # Paying someone must not reveal their balance or ledger.
        shown = caller is not None and can_view(caller, result.to_wallet)
        return cls(
            from_wallet=Wallet.from_domain(result.from_wallet),
            to_wallet=Wallet.from_domain(result.to_wallet) if shown else None,
            debit=WalletTransaction.from_domain(result.debit),
            credit=WalletTransaction.from_domain(result.credit) if shown else None,
            user_errors=[],
        )


@strawberry.type(description="Result of `freezeWallet` or `unfreezeWallet`.")
class WalletStatusPayload:
    wallet: Wallet | None = strawberry.field(description="The wallet with its new status.")
    user_errors: list[WalletUserError] = strawberry.field(description=_USER_ERRORS)

    @classmethod
    def of(cls, result: model.Wallet | DomainError) -> WalletStatusPayload:
        """Payload for a result or an error."""
        if isinstance(result, DomainError):
            return cls(wallet=None, user_errors=_errors(result))
        return cls(wallet=Wallet.from_domain(result), user_errors=[])
