"""Credit, debit and transfer: each locks the wallets it touches, applies the domain rules, appends the ledger
entries and stores the new balances, all in one transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError

from subgraphs.shared.caller import Caller, parse_subject, require_caller
from subgraphs.shared.errors import InvalidInputError
from subgraphs.shared.ids import new_id, parse_id
from subgraphs.shared.money import requested_money
from subgraphs.shared.text import MAX_REASON_LENGTH, clean_text
from subgraphs.wallet.domain.access import require_beneficiary, require_crediter, require_mover
from subgraphs.wallet.domain.errors import ReferenceConflictError, WalletNotFoundError
from subgraphs.wallet.domain.model import MAX_REFERENCE_LENGTH, TransactionKind, Wallet
from subgraphs.wallet.persistence.unit_of_work import WalletUnitOfWork
from subgraphs.wallet.use_cases.results import (
    Posting,
    Transfer,
    decode_posting,
    decode_transfer,
    encode_posting,
    encode_transfer,
)
from subgraphs.wallet.use_cases.runtime import WalletRuntime


def _locked(uow: WalletUnitOfWork, wallet_id: str, *, field: str) -> Wallet:
    wallet = uow.wallets.lock([wallet_id]).get(wallet_id)
    if wallet is None:
        raise WalletNotFoundError(f"no wallet {wallet_id}", field=field)
    return wallet


def credit_wallet(
    runtime: WalletRuntime,
    caller: Caller | None,
    *,
    wallet_id: str,
    amount: int,
    currency: str,
    reason: str,
    idempotency_key: str,
    reference: str | None = None,
    beneficiary_id: str | None = None,
) -> Posting:
    """Add money to a wallet (staff, or a service with `wallet:credit`).

    A `reference` (e.g. a gift-card redemption id) is booked at most once across all keys: a second credit with
    the same reference, wallet and amount returns the first posting; with anything else it is REFERENCE_CONFLICT.
    A `beneficiary_id` (the user a service credits on behalf of, e.g. a card's redeemer) must own the wallet, else
    WALLET_NOT_FOUND: the giftcard service cannot see wallet ownership, so the wallet checks it.
    """
    who = require_caller(caller)
    require_crediter(who)
    wallet_id = parse_id(wallet_id, field="walletId")
    money = requested_money(amount, currency)
    reason_text = clean_text(reason, field="reason", max_length=MAX_REASON_LENGTH, required=True)
    reference = clean_text(reference, field="reference", max_length=MAX_REFERENCE_LENGTH, required=False)
    beneficiary = None if beneficiary_id is None else parse_subject(beneficiary_id, field="beneficiaryId")
    request = {
        "walletId": wallet_id,
        "amount": amount,
        "currency": currency,
        "reason": reason_text,
        "reference": reference,
    }
    if beneficiary is not None:  # absent rather than null, so keys stored before the argument existed still match
        request["beneficiaryId"] = beneficiary

    def work(uow: WalletUnitOfWork, now: datetime) -> Posting:
        wallet = _locked(uow, wallet_id, field="walletId")
        require_beneficiary(wallet, beneficiary, field="walletId")
        if reference is not None:
            booked = uow.wallets.credit_by_reference(reference)
            if booked is not None:
                if booked.wallet_id != wallet_id or booked.amount != money:
                    raise ReferenceConflictError("this reference was credited differently", field="reference")
                return Posting(wallet=wallet, transaction=booked)
        updated, entry = wallet.post(
            money, kind=TransactionKind.CREDIT, actor=who.sub, now=now, reason=reason_text, reference=reference
        )
        try:
            entry = uow.wallets.append(entry)
        except IntegrityError:  # the same reference booked concurrently on another wallet
            raise ReferenceConflictError("this reference was credited differently", field="reference") from None
        uow.wallets.save(updated)
        return Posting(wallet=updated, transaction=entry)

    return runtime.run_idempotently(
        who,
        operation="creditWallet",
        key=idempotency_key,
        request=request,
        work=work,
        encode=encode_posting,
        decode=decode_posting,
    )


def debit_wallet(
    runtime: WalletRuntime,
    caller: Caller | None,
    *,
    wallet_id: str,
    amount: int,
    currency: str,
    reason: str,
    idempotency_key: str,
) -> Posting:
    """Take money out of a wallet (its owner, or staff); never below zero."""
    who = require_caller(caller)
    wallet_id = parse_id(wallet_id, field="walletId")
    money = requested_money(amount, currency)
    reason_text = clean_text(reason, field="reason", max_length=MAX_REASON_LENGTH, required=True)
    request = {"walletId": wallet_id, "amount": amount, "currency": currency, "reason": reason_text}

    def work(uow: WalletUnitOfWork, now: datetime) -> Posting:
        wallet = _locked(uow, wallet_id, field="walletId")
        require_mover(who, wallet, field="walletId")
        updated, entry = wallet.post(-money, kind=TransactionKind.DEBIT, actor=who.sub, now=now, reason=reason_text)
        entry = uow.wallets.append(entry)
        uow.wallets.save(updated)
        return Posting(wallet=updated, transaction=entry)

    return runtime.run_idempotently(
        who,
        operation="debitWallet",
        key=idempotency_key,
        request=request,
        work=work,
        encode=encode_posting,
        decode=decode_posting,
    )


def transfer_funds(
    runtime: WalletRuntime,
    caller: Caller | None,
    *,
    from_wallet_id: str,
    to_wallet_id: str,
    amount: int,
    currency: str,
    idempotency_key: str,
    reason: str | None = None,
) -> Transfer:
    """Move money between two wallets of one currency (owner of the source, or staff); both change or neither."""
    who = require_caller(caller)
    from_id = parse_id(from_wallet_id, field="fromWalletId")
    to_id = parse_id(to_wallet_id, field="toWalletId")
    if from_id == to_id:
        raise InvalidInputError("a transfer needs two different wallets", field="toWalletId")
    money = requested_money(amount, currency)
    reason_text = clean_text(reason, field="reason", max_length=MAX_REASON_LENGTH, required=False)
    request = {"from": from_id, "to": to_id, "amount": amount, "currency": currency, "reason": reason_text}

    def work(uow: WalletUnitOfWork, now: datetime) -> Transfer:
        locked = uow.wallets.lock([from_id, to_id])  # both rows, in id order
        source, target = locked.get(from_id), locked.get(to_id)
        if source is None:
            raise WalletNotFoundError(f"no wallet {from_id}", field="fromWalletId")
        require_mover(who, source, field="fromWalletId")
        if target is None:
            raise WalletNotFoundError(f"no wallet {to_id}", field="toWalletId")
        transfer_id = new_id()
        source_after, debit = source.post(
            -money, kind=TransactionKind.TRANSFER_OUT, actor=who.sub, now=now, reason=reason_text, reference=transfer_id
        )
        target_after, credit = target.post(
            money, kind=TransactionKind.TRANSFER_IN, actor=who.sub, now=now, reason=reason_text, reference=transfer_id
        )
        debit = uow.wallets.append(debit)
        credit = uow.wallets.append(credit)
        uow.wallets.save(source_after)
        uow.wallets.save(target_after)
        return Transfer(from_wallet=source_after, to_wallet=target_after, debit=debit, credit=credit)

    return runtime.run_idempotently(
        who,
        operation="transferFunds",
        key=idempotency_key,
        request=request,
        work=work,
        encode=encode_transfer,
        decode=decode_transfer,
    )
