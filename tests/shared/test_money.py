"""Money rules: integer minor units, known currencies, no mixing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subgraphs.shared.errors import CurrencyMismatchError, InvalidAmountError, InvalidCurrencyError
from subgraphs.shared.money import MAX_MINOR_UNITS, Money, parse_currency, requested_money

amounts = st.integers(min_value=-(2**40), max_value=2**40)


def test_arithmetic_in_one_currency() -> None:
    assert Money(150, "EUR") + Money(50, "EUR") == Money(200, "EUR")
    assert Money(150, "EUR") - Money(200, "EUR") == Money(-50, "EUR")
    assert -Money(7, "JPY") == Money(-7, "JPY")
    assert Money(1, "EUR") < Money(2, "EUR")
    assert Money(2, "EUR") >= Money(2, "EUR")


@pytest.mark.parametrize(
    "operation",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
)
def test_mixing_currencies_is_refused(operation: object) -> None:
    with pytest.raises(CurrencyMismatchError) as info:
        operation(Money(1, "EUR"), Money(1, "USD"))  # type: ignore[operator]
    assert info.value.code == "CURRENCY_MISMATCH"


def test_equal_amounts_in_different_currencies_are_different_money() -> None:
    assert Money(100, "EUR") != Money(100, "USD")


@pytest.mark.parametrize("amount", [1.0, 0.5, True, "100", None, 10**30])
def test_only_bounded_integers_are_amounts(amount: object) -> None:
    with pytest.raises(InvalidAmountError):
        Money(amount, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize("currency", ["eur", "EURO", "XXX", "", "ABC", 978])
def test_unknown_currencies_are_refused(currency: object) -> None:
    with pytest.raises(InvalidCurrencyError):
        Money(1, currency)  # type: ignore[arg-type]
    with pytest.raises(InvalidCurrencyError):
        parse_currency(currency)  # type: ignore[arg-type]


def test_bounds_and_positivity() -> None:
    assert Money(MAX_MINOR_UNITS, "EUR").amount == MAX_MINOR_UNITS
    with pytest.raises(InvalidAmountError):
        Money(MAX_MINOR_UNITS, "EUR") + Money(1, "EUR")
    assert Money(5, "EUR").require_positive() == Money(5, "EUR")
    for amount in (0, -1):
        with pytest.raises(InvalidAmountError) as info:
            Money(amount, "EUR").require_positive(field="amount")
        assert info.value.field == "amount"


@given(amounts, amounts)
def test_addition_round_trips(a: int, b: int) -> None:
    total = Money(a, "KWD") + Money(b, "KWD")
    assert total - Money(b, "KWD") == Money(a, "KWD")
    assert type(total.amount) is int


@pytest.mark.parametrize(("amount", "currency"), [(0, "EUR"), (-5, "EUR"), (2**31, "EUR"), (True, "EUR")])
def test_requested_amounts_must_be_positive_integers(amount: int, currency: str) -> None:
    with pytest.raises(InvalidAmountError) as info:
        requested_money(amount, currency)
    assert info.value.field == "amount.amount"


def test_requested_money_currency_must_be_known() -> None:
    with pytest.raises(InvalidCurrencyError) as info:
        requested_money(5, "EURO")
    assert info.value.field == "amount.currency"


def test_requested_money_signed_allows_negative_but_never_zero() -> None:
    assert requested_money(-5, "EUR", signed=True) == Money(-5, "EUR")
    with pytest.raises(InvalidAmountError):
        requested_money(0, "EUR", signed=True)
    with pytest.raises(InvalidAmountError):
        requested_money(-(2**31), "EUR", signed=True)
