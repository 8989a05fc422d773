"""Who may do what with gift cards. Pure; the subgraph enforces these whatever the router already checked.

- Issuing needs the scope `giftcards:issue` (or `staff`).
- Adjusting, blocking, unblocking and deactivating need `staff` (or the narrower `giftcards:admin`).
- Claiming, redeeming and balance checks need any verified caller; codes are guarded by the attempt limit.
- A user sees only their own cards (and the cards of redemptions they made); staff sees every card.
"""

from __future__ import annotations

from subgraphs.shared.caller import STAFF_SCOPE, Caller
from subgraphs.shared.errors import ForbiddenError

ISSUE_SCOPE = "giftcards:issue"
ADMIN_SCOPE = "giftcards:admin"


def require_issuer(caller: Caller) -> None:
    """Issuing is for `giftcards:issue` or staff."""
    if not caller.has_any_scope(ISSUE_SCOPE, STAFF_SCOPE):
        raise ForbiddenError(f"issuing needs the scope {ISSUE_SCOPE!r} or {STAFF_SCOPE!r}")


def is_admin(caller: Caller) -> bool:
    """Staff or `giftcards:admin`."""
    return caller.has_any_scope(STAFF_SCOPE, ADMIN_SCOPE)


def require_admin(caller: Caller) -> None:
    """Adjust, block, unblock and deactivate are for staff (or `giftcards:admin`)."""
    if not is_admin(caller):
        raise ForbiddenError(f"this needs the scope {STAFF_SCOPE!r} or {ADMIN_SCOPE!r}")


def can_view_card(caller: Caller, owner_id: str | None) -> bool:
    """The owner and staff see a card."""
    return is_admin(caller) or (owner_id is not None and owner_id == caller.sub)


def can_view_user(caller: Caller, user_id: str) -> bool:
    """Users see their own card list; staff sees everyone's."""
    return is_admin(caller) or caller.sub == user_id


def can_view_redemption(caller: Caller, redeemed_by: str) -> bool:
    """The redeemer and staff see a redemption."""
    return is_admin(caller) or caller.sub == redeemed_by
