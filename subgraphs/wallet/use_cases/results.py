"""What the mutations return, and its JSON form (the idempotency store keeps the first result verbatim)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from subgraphs.shared.money import Money
from subgraphs.wallet.domain.model import TransactionKind, Wallet, WalletStatus, WalletTransaction


@dataclass(frozen=True, slots=True)
class Posting:
    """A credit or debit: the wallet after it and its ledger entry."""

    wallet: Wallet
    transaction: WalletTransaction


@dataclass(frozen=True, slots=True)
class Transfer:
    """Both sides of a transfer, booked in one transaction."""

    from_wallet: Wallet
    to_wallet: Wallet
    debit: WalletTransaction
    credit: WalletTransaction


def _money(value: Money) -> dict[str, Any]:
    return {"amount": value.amount, "currency": value.currency}


def wallet_to_dict(wallet: Wallet) -> dict[str, Any]:
    """JSON-ready form of a wallet snapshot."""
    return {
        "id": wallet.id,
        "owner_id": wallet.owner_id,
        "currency": wallet.currency,
        "balance": _money(wallet.balance),
        "status": wallet.status.value,
        "created_at": wallet.created_at.isoformat(),
    }


def wallet_from_dict(data: dict[str, Any]) -> Wallet:
    """Inverse of `wallet_to_dict`."""
    return Wallet(
        id=data["id"],
        owner_id=data["owner_id"],
        currency=data["currency"],
        balance=Money(**data["balance"]),
        status=WalletStatus(data["status"]),
        created_at=datetime.fromisoformat(data["created_at"]),
    )


def transaction_to_dict(entry: WalletTransaction) -> dict[str, Any]:
    """JSON-ready form of a ledger entry."""
    return {
        "id": entry.id,
        "wallet_id": entry.wallet_id,
        "amount": _money(entry.amount),
        "balance_after": _money(entry.balance_after),
        "kind": entry.kind.value,
        "reason": entry.reason,
        "reference": entry.reference,
        "actor": entry.actor,
        "created_at": entry.created_at.isoformat(),
        "seq": entry.seq,
    }


def transaction_from_dict(data: dict[str, Any]) -> WalletTransaction:
    """Inverse of `transaction_to_dict`."""
    return WalletTransaction(
        id=data["id"],
        wallet_id=data["wallet_id"],
        amount=Money(**data["amount"]),
        balance_after=Money(**data["balance_after"]),
        kind=TransactionKind(data["kind"]),
        reason=data["reason"],
        reference=data["reference"],
        actor=data["actor"],
        created_at=datetime.fromisoformat(data["created_at"]),
        seq=data["seq"],
    )


def encode_wallet(wallet: Wallet) -> str:
    """JSON of a wallet result."""
    return json.dumps(wallet_to_dict(wallet))


def decode_wallet(text: str) -> Wallet:
    """A wallet result from its JSON."""
    return wallet_from_dict(json.loads(text))


def encode_posting(posting: Posting) -> str:
    """JSON of a posting result."""
    return json.dumps(
        {"wallet": wallet_to_dict(posting.wallet), "transaction": transaction_to_dict(posting.transaction)}
    )


def decode_posting(text: str) -> Posting:
    """A posting result from its JSON."""
    data = json.loads(text)
    return Posting(wallet=wallet_from_dict(data["wallet"]), transaction=transaction_from_dict(data["transaction"]))


def encode_transfer(transfer: Transfer) -> str:
    """JSON of a transfer result."""
    return json.dumps(
        {
            "from_wallet": wallet_to_dict(transfer.from_wallet),
            "to_wallet": wallet_to_dict(transfer.to_wallet),
            "debit": transaction_to_dict(transfer.debit),
            "credit": transaction_to_dict(transfer.credit),
        }
    )


def decode_transfer(text: str) -> Transfer:
    """A transfer result from its JSON."""
    data = json.loads(text)
    return Transfer(
        from_wallet=wallet_from_dict(data["from_wallet"]),
        to_wallet=wallet_from_dict(data["to_wallet"]),
        debit=transaction_from_dict(data["debit"]),
        credit=transaction_from_dict(data["credit"]),
    )
