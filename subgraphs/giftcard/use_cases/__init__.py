"""Giftcard use cases: one function per mutation, each inside one transaction (`GiftCardRuntime.run`), and the
relay's settlement steps.

Every mutation is idempotent by key: a replay returns the same entities (as they are now), the same key with other
input is IDEMPOTENCY_KEY_REUSED, and a failure rolls back the key with the effect.
"""

from subgraphs.giftcard.use_cases.admin import adjust_gift_card, change_status
from subgraphs.giftcard.use_cases.codes import claim_gift_card, gift_card_by_code
from subgraphs.giftcard.use_cases.issue import issue_gift_cards
from subgraphs.giftcard.use_cases.redeem import redeem_gift_card
from subgraphs.giftcard.use_cases.results import IssuedCard, RedeemResult
from subgraphs.giftcard.use_cases.runtime import GiftCardRuntime

__all__ = [
    "GiftCardRuntime",
    "IssuedCard",
    "RedeemResult",
    "adjust_gift_card",
    "change_status",
    "claim_gift_card",
    "gift_card_by_code",
    "issue_gift_cards",
    "redeem_gift_card",
]
