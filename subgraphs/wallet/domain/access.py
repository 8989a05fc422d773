"""Who may do what with a wallet. Pure; the subgraph enforces these whatever the router already checked.

- A user sees and moves only their own wallets; staff (scope `staff`) sees and moves every wallet.
- Crediting needs `staff` or the scope `wallet:credit` (the giftcard relay's service token has it). A credit made on
  a user's behalf (a gift-card redemption names its redeemer) lands only in that user's own wallet.
- Freezing and unfreezing need `staff`.
"""

from __future__ import annotations

from subgraphs.shared.caller import STAFF_SCOPE, Caller
from subgraphs.shared.errors import ForbiddenError
from subgraphs.wallet.domain.errors import WalletNotFoundError
from subgraphs.wallet.domain.model import Wallet

CREDIT_SCOPE = "wallet:credit"


def can_view(caller: Caller, wallet: Wallet) -> bool:
    """The owner and staff see a wallet."""
    return caller.is_staff or caller.sub == wallet.owner_id


def can_view_user(caller: Caller, user_id: str) -> bool:
    """Users see their own wallet list; staff sees everyone's."""
    return caller.is_staff or caller.sub == user_id


def require_mover(caller: Caller, wallet: Wallet, *, field: str) -> None:
    """Only the owner (or staff) takes money out of a wallet."""
    if not can_view(caller, wallet):
        raise ForbiddenError("only the owner of the wallet may move its money", field=field)


def require_crediter(caller: Caller) -> None:
    """Crediting is for staff and for services holding `wallet:credit`."""
    if not caller.has_any_scope(STAFF_SCOPE, CREDIT_SCOPE):
        raise ForbiddenError(f"crediting needs the scope {STAFF_SCOPE!r} or {CREDIT_SCOPE!r}")


def require_beneficiary(wallet: Wallet, beneficiary_id: str | None, *, field: str) -> None:
    """A credit for `beneficiary_id` goes only into that user's wallet; anyone else's is WALLET_NOT_FOUND, the same
    answer as a missing wallet, so the refusal (shown to the redeemer) does not reveal that the wallet exists."""
    if beneficiary_id is not None and wallet.owner_id != beneficiary_id:
        raise WalletNotFoundError(f"no wallet {wallet.id}", field=field)


def require_staff(caller: Caller) -> None:
    """Freezing and unfreezing are staff actions."""
    if not caller.is_staff:
        raise ForbiddenError(f"this needs the scope {STAFF_SCOPE!r}")
