"""GraphQL value types both subgraphs expose; `@shareable` because both resolve them."""

from __future__ import annotations

import strawberry

from subgraphs.shared.money import Money as MoneyValue


@strawberry.federation.type(shareable=True, description="An amount of money: integer minor units and a currency.")
class Money:
    amount: int = strawberry.field(
        description="Amount in minor units of the currency (cents for EUR/USD, yen for JPY); never fractional."
    )
    currency: str = strawberry.field(description="ISO-4217 currency code, e.g. EUR.")

    @classmethod
    def from_value(cls, value: MoneyValue) -> Money:
        """The GraphQL view of a domain `Money`."""
        return cls(amount=value.amount, currency=value.currency)


@strawberry.input(description="An amount of money given by the client: integer minor units and a currency.")
class MoneyInput:
    amount: int = strawberry.field(description="Amount in minor units (a positive integer for mutations).")
    currency: str = strawberry.field(description="ISO-4217 currency code, e.g. EUR.")

    def to_value(self) -> MoneyValue:
        """The domain `Money` (validates the currency and integer amount)."""
        return MoneyValue(self.amount, self.currency)


@strawberry.federation.type(shareable=True, description="Relay pagination information for a connection.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow the last edge.")
    has_previous_page: bool = strawberry.field(description="True when items precede the first edge.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge, if any.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge; pass it as `after`.")
