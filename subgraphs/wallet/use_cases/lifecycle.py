"""Opening, freezing and unfreezing wallets."""

from __future__ import annotations

from datetime import datetime

from subgraphs.shared.caller import Caller, require_caller
from subgraphs.shared.ids import parse_id
from subgraphs.shared.money import parse_currency
from subgraphs.wallet.domain.access import require_staff
from subgraphs.wallet.domain.errors import WalletNotFoundError
from subgraphs.wallet.domain.model import Wallet, WalletStatus
from subgraphs.wallet.persistence.unit_of_work import WalletUnitOfWork
from subgraphs.wallet.use_cases.results import decode_wallet, encode_wallet
from subgraphs.wallet.use_cases.runtime import WalletRuntime


def open_wallet(runtime: WalletRuntime, caller: Caller | None, *, currency: str, idempotency_key: str) -> Wallet:
    """Open an empty wallet in `currency` for the caller."""
    who = require_caller(caller)
    currency = parse_currency(currency, field="currency")

    def work(uow: WalletUnitOfWork, now: datetime) -> Wallet:
        wallet = Wallet.open(owner_id=who.sub, currency=currency, now=now)
        uow.wallets.add(wallet)
        return wallet

    return runtime.run_idempotently(
        who,
        operation="openWallet",
        key=idempotency_key,
        request={"currency": currency},
        work=work,
        encode=encode_wallet,
        decode=decode_wallet,
    )


def _set_status(
    runtime: WalletRuntime, caller: Caller | None, *, wallet_id: str, idempotency_key: str, status: WalletStatus
) -> Wallet:
    who = require_caller(caller)
    require_staff(who)
    wallet_id = parse_id(wallet_id, field="walletId")

    def work(uow: WalletUnitOfWork, _now: datetime) -> Wallet:
        wallet = uow.wallets.lock([wallet_id]).get(wallet_id)
        if wallet is None:
            raise WalletNotFoundError(f"no wallet {wallet_id}", field="walletId")
        updated = wallet.with_status(status)
        uow.wallets.save(updated)
        return updated

    operation = "freezeWallet" if status is WalletStatus.FROZEN else "unfreezeWallet"
    return runtime.run_idempotently(
        who,
        operation=operation,
        key=idempotency_key,
        request={"walletId": wallet_id},
        work=work,
        encode=encode_wallet,
        decode=decode_wallet,
    )


def freeze_wallet(runtime: WalletRuntime, caller: Caller | None, *, wallet_id: str, idempotency_key: str) -> Wallet:
    """Freeze a wallet: no money moves in or out until unfrozen (staff)."""
    return _set_status(
        runtime, caller, wallet_id=wallet_id, idempotency_key=idempotency_key, status=WalletStatus.FROZEN
    )


def unfreeze_wallet(runtime: WalletRuntime, caller: Caller | None, *, wallet_id: str, idempotency_key: str) -> Wallet:
    """Make a frozen wallet active again (staff)."""
    return _set_status(
        runtime, caller, wallet_id=wallet_id, idempotency_key=idempotency_key, status=WalletStatus.ACTIVE
    )
