"""`Money`: an integer amount of minor units in one ISO-4217 currency.

No floats anywhere: amounts are `int` (a `bool` or `float` is refused), arithmetic and comparison between different
currencies raise `CurrencyMismatchError`, and the amount is bounded by what a signed 64-bit column holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from subgraphs.shared.currencies import is_known_currency
from subgraphs.shared.errors import CurrencyMismatchError, InvalidAmountError, InvalidCurrencyError

#: The largest magnitude a stored amount may have (signed BIGINT).
MAX_MINOR_UNITS = 2**63 - 1
#: The largest amount or balance the GraphQL APIs carry: `Int` is a signed 32-bit integer.
MAX_API_AMOUNT = 2**31 - 1


def parse_currency(code: str, *, field: str | None = "currency") -> str:
    """Validate a currency code: exactly an upper-case code from the accepted ISO-4217 list."""
    if not isinstance(code, str) or not is_known_currency(code):
        raise InvalidCurrencyError(f"{code!r} is not a supported ISO-4217 currency code", field=field)
    return code


def requested_money(amount: object, currency: object, *, field: str = "amount", signed: bool = False) -> Money:
    """An amount a client asks to move: a known currency, an integer within `Int`, positive (non-zero if `signed`)."""
    if not isinstance(currency, str):
        raise InvalidCurrencyError("currency must be an ISO-4217 code", field=f"{field}.currency")
    parse_currency(currency, field=f"{field}.currency")
    if type(amount) is not int or abs(amount) > MAX_API_AMOUNT or amount == 0 or (amount < 0 and not signed):
        rule = "a non-zero" if signed else "a positive"
        raise InvalidAmountError(
            f"amount must be {rule} integer of minor units up to {MAX_API_AMOUNT}", field=f"{field}.amount"
        )
    return Money(amount, currency)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in minor units (cents for EUR, yen for JPY) and its currency; immutable."""

    amount: int
    currency: str

    def __post_init__(self) -> None:
        # `type(...) is int` on purpose: bool is an int subclass and must not count as money.
        if type(self.amount) is not int:
            raise InvalidAmountError(f"amount must be an integer of minor units, got {self.amount!r}", field="amount")
        if abs(self.amount) > MAX_MINOR_UNITS:
            raise InvalidAmountError("amount is out of range", field="amount")
        parse_currency(self.currency)

    @classmethod
    def zero(cls, currency: str) -> Self:
        """No money in `currency`."""
        return cls(0, currency)

    def _same_currency(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount >= other.amount

    @property
    def is_positive(self) -> bool:
        """Strictly above zero."""
        return self.amount > 0

    @property
    def is_negative(self) -> bool:
        """Strictly below zero."""
        return self.amount < 0

    def require_positive(self, *, field: str = "amount") -> Self:
        """Return self, or raise `InvalidAmountError` for a zero or negative amount."""
        if self.amount <= 0:
            raise InvalidAmountError("amount must be greater than zero", field=field)
        return self

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} (minor units)"
