"""Wallet use cases: one function per mutation, each inside one transaction (`WalletUnitOfWork`).

Every mutation is idempotent by key (`run_idempotently`): a replay returns the first result exactly as it was, the
same key with other input is IDEMPOTENCY_KEY_REUSED, and a failure rolls back the key with the effect.
"""

from subgraphs.wallet.use_cases.lifecycle import freeze_wallet, open_wallet, unfreeze_wallet
from subgraphs.wallet.use_cases.money_movements import credit_wallet, debit_wallet, transfer_funds
from subgraphs.wallet.use_cases.results import Posting, Transfer
from subgraphs.wallet.use_cases.runtime import WalletRuntime

__all__ = [
    "Posting",
    "Transfer",
    "WalletRuntime",
    "credit_wallet",
    "debit_wallet",
    "freeze_wallet",
    "open_wallet",
    "transfer_funds",
    "unfreeze_wallet",
]
