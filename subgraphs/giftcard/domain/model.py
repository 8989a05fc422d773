"""Gift cards, their activity ledger and redemptions, and the rules for changing them. Pure.

Every balance change is a `GiftCardActivity` with the signed amount, the balance after it, the actor, the reason and
the reference (the redemption id for REDEEM and REFUND); the balance only changes through `GiftCard.post`, which
never lets it go below zero. Status changes (claim, block, unblock, deactivate) are activities of amount zero.

The stored lifecycle status is ACTIVE, BLOCKED or DEACTIVATED; what clients see (`effective_status`) also derives
EXPIRED (past `expires_at`) and EMPTY (balance zero) from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from subgraphs.giftcard.domain.errors import (
    GiftCardNotActiveError,
    InsufficientBalanceError,
    InvalidStatusChangeError,
)
from subgraphs.shared.caller import parse_subject
from subgraphs.shared.errors import InvalidAmountError, InvalidInputError
from subgraphs.shared.ids import new_id
from subgraphs.shared.money import MAX_API_AMOUNT, Money

#: The largest value or balance: what the API's `Int` carries.
MAX_AMOUNT = MAX_API_AMOUNT
#: The most cards one `issueGiftCards` call may create.
MAX_ISSUE_COUNT = 1000


class LifecycleStatus(StrEnum):
    """What is stored: the status staff set."""

    ACTIVE = "ACTIVE"
    BLOCKED = "BLOCKED"
    DEACTIVATED = "DEACTIVATED"


class CardStatus(StrEnum):
    """What clients see: the lifecycle status, or EXPIRED / EMPTY derived from the card."""

    ACTIVE = "ACTIVE"
    DEACTIVATED = "DEACTIVATED"
    BLOCKED = "BLOCKED"
    EXPIRED = "EXPIRED"
    EMPTY = "EMPTY"


class ActivityKind(StrEnum):
    """Why a card changed."""

    ISSUE = "ISSUE"
    CLAIM = "CLAIM"
    REDEEM = "REDEEM"
    ADJUST = "ADJUST"
    REFUND = "REFUND"
    BLOCK = "BLOCK"
    UNBLOCK = "UNBLOCK"
    DEACTIVATE = "DEACTIVATE"


class RedemptionStatus(StrEnum):
    """Where a redemption stands: PENDING until the wallet credited it (COMPLETED) or refused it (FAILED)."""

    PENDING = "PENDING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class GiftCardActivity:
    """One append-only ledger entry of a card."""

    id: str
    gift_card_id: str
    kind: ActivityKind
    amount: Money
    balance_after: Money
    actor: str
    reason: str | None
    reference: str | None
    created_at: datetime
    seq: int | None = None  # assigned by the database; the ledger order


@dataclass(frozen=True, slots=True)
class GiftCard:
    """A card: its code's hash and last four symbols, its value, balance, status, owner and expiry."""

    id: str
    code_hash: str
    last4: str
    initial_value: Money
    balance: Money
    status: LifecycleStatus
    expires_at: datetime | None
    owner_id: str | None
    created_at: datetime
    note: str | None = None

    @property
    def currency(self) -> str:
        """The card's currency."""
        return self.balance.currency

    def is_expired(self, now: datetime) -> bool:
        """True once `expires_at` has passed."""
        return self.expires_at is not None and now >= self.expires_at

    def effective_status(self, now: datetime) -> CardStatus:
        """The status clients see; the lifecycle status wins over EXPIRED, which wins over EMPTY."""
        if self.status is not LifecycleStatus.ACTIVE:
            return CardStatus(self.status.value)
        if self.is_expired(now):
            return CardStatus.EXPIRED
        if self.balance.amount == 0:
            return CardStatus.EMPTY
        return CardStatus.ACTIVE

    def usable_by_code(self, caller_sub: str, now: datetime, *, for_claim: bool = False) -> bool:
        """Whether a code lookup by `caller_sub` may use this card: active, with money, and unowned or theirs."""
        if self.effective_status(now) is not CardStatus.ACTIVE:
            return False
        if for_claim:
            return self.owner_id in (None, caller_sub)
        return self.owner_id is None or self.owner_id == caller_sub

    def activity(
        self, kind: ActivityKind, *, amount: int, actor: str, now: datetime, reason: str | None, reference: str | None
    ) -> GiftCardActivity:
        """A ledger entry for this card after a change of `amount` (the card must already hold its new balance)."""
        return GiftCardActivity(
            id=new_id(),
            gift_card_id=self.id,
            kind=kind,
            amount=Money(amount, self.currency),
            balance_after=self.balance,
            actor=actor,
            reason=reason,
            reference=reference,
            created_at=now,
        )

    def post(
        self,
        delta: Money,
        *,
        kind: ActivityKind,
        actor: str,
        now: datetime,
        reason: str | None = None,
        reference: str | None = None,
        field: str = "amount",
    ) -> tuple[GiftCard, GiftCardActivity]:
        """Apply a signed change; the new card and its ledger entry, or why not."""
        after = self.balance + delta  # raises CURRENCY_MISMATCH for a foreign currency
        if delta.amount == 0:
            raise InvalidAmountError("amount must not be zero", field=field)
        if after.amount < 0:
            raise InsufficientBalanceError(f"the card holds less than {-delta.amount}", field=field)
        if after.amount > MAX_AMOUNT:
            raise InvalidAmountError(f"the balance would exceed {MAX_AMOUNT}", field=field)
        card = replace(self, balance=after)
        return card, card.activity(kind, amount=delta.amount, actor=actor, now=now, reason=reason, reference=reference)

    def redeem(self, amount: Money, *, actor: str, now: datetime, reference: str) -> tuple[GiftCard, GiftCardActivity]:
        """Debit for a redemption: the card must be ACTIVE and not expired (EMPTY fails as insufficient)."""
        if self.status is not LifecycleStatus.ACTIVE or self.is_expired(now):
            raise GiftCardNotActiveError(f"gift card {self.id} is {self.effective_status(now).value.lower()}")
        return self.post(-amount, kind=ActivityKind.REDEEM, actor=actor, now=now, reference=reference)

    def refund(
        self, amount: Money, *, actor: str, now: datetime, reference: str, reason: str
    ) -> tuple[GiftCard, GiftCardActivity]:
        """Give back a failed redemption, whatever the card's status now."""
        return self.post(amount, kind=ActivityKind.REFUND, actor=actor, now=now, reference=reference, reason=reason)

    def claim(self, owner_id: str, *, now: datetime) -> tuple[GiftCard, GiftCardActivity]:
        """Attach an unowned card to `owner_id`."""
        card = replace(self, owner_id=owner_id)
        return card, card.activity(ActivityKind.CLAIM, amount=0, actor=owner_id, now=now, reason=None, reference=None)

    def change_status(
        self, kind: ActivityKind, *, actor: str, now: datetime, reason: str | None
    ) -> tuple[GiftCard, GiftCardActivity]:
        """BLOCK (from ACTIVE), UNBLOCK (from BLOCKED) or DEACTIVATE (from anything but DEACTIVATED; one-way)."""
        allowed = {
            ActivityKind.BLOCK: ({LifecycleStatus.ACTIVE}, LifecycleStatus.BLOCKED),
            ActivityKind.UNBLOCK: ({LifecycleStatus.BLOCKED}, LifecycleStatus.ACTIVE),
            ActivityKind.DEACTIVATE: ({LifecycleStatus.ACTIVE, LifecycleStatus.BLOCKED}, LifecycleStatus.DEACTIVATED),
        }
        sources, target = allowed[kind]
        if self.status not in sources:
            raise InvalidStatusChangeError(f"a {self.status.value.lower()} card cannot take {kind.value}", field="id")
        card = replace(self, status=target)
        return card, card.activity(kind, amount=0, actor=actor, now=now, reason=reason, reference=None)

    @classmethod
    def issue(
        cls,
        *,
        code_hash: str,
        last_four: str,
        value: Money,
        expires_at: datetime | None,
        owner_id: str | None,
        note: str | None,
        actor: str,
        now: datetime,
    ) -> tuple[GiftCard, GiftCardActivity]:
        """A new ACTIVE card holding `value`, and its ISSUE activity."""
        card = cls(
            id=new_id(),
            code_hash=code_hash,
            last4=last_four,
            initial_value=value,
            balance=value,
            status=LifecycleStatus.ACTIVE,
            expires_at=expires_at,
            owner_id=owner_id,
            created_at=now,
            note=note,
        )
        return card, card.activity(
            ActivityKind.ISSUE, amount=value.amount, actor=actor, now=now, reason=note, reference=None
        )


@dataclass(frozen=True, slots=True)
class Redemption:
    """Value moving from a card into a wallet: PENDING until the wallet credited (COMPLETED) or refused (FAILED)."""

    id: str
    gift_card_id: str
    wallet_id: str
    amount: Money
    status: RedemptionStatus
    redeemed_by: str
    created_at: datetime
    failure_reason: str | None = None
    completed_at: datetime | None = None

    def completed(self, now: datetime) -> Redemption:
        """The redemption once the wallet credited it."""
        return replace(self, status=RedemptionStatus.COMPLETED, completed_at=now)

    def failed(self, reason: str, now: datetime) -> Redemption:
        """The redemption once the wallet refused it for good (the card is refunded in the same transaction)."""
        return replace(self, status=RedemptionStatus.FAILED, failure_reason=reason, completed_at=now)


def validate_expiry(expires_at: datetime | None, now: datetime) -> datetime | None:
    """An expiry must be timezone-aware and in the future."""
    if expires_at is None:
        return None
    if expires_at.tzinfo is None:
        raise InvalidInputError("expiresAt needs a timezone offset", field="expiresAt")
    if expires_at <= now:
        raise InvalidInputError("expiresAt must be in the future", field="expiresAt")
    return expires_at


def validate_count(count: object) -> int:
    """1 to 1,000 cards per call (a limit that comes before any work)."""
    if type(count) is not int or not 1 <= count <= MAX_ISSUE_COUNT:
        raise InvalidInputError(f"count must be between 1 and {MAX_ISSUE_COUNT}", field="count")
    return count


def validate_owner(owner_id: str | None) -> str | None:
    """An owner id is a JWT subject: 1-255 printable characters."""
    return None if owner_id is None else parse_subject(owner_id, field="ownerId")
