"""Order aggregate, its value objects and its domain event.

Rules live here and nowhere else. No framework, ORM or Pydantic imports:
the import-linter contract in pyproject.toml fails the build if one appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID


class DomainError(Exception):
    """A business rule was violated."""


# ISO 4217 minor-unit digits where they are not 2 (extend from the standard as currencies are
# added): the API and the database carry money as integer minor units plus the currency code.
_MINOR_DIGITS = {"BHD": 3, "CLP": 0, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "OMR": 3}


@dataclass(frozen=True, slots=True)
class Money:
    """Value object: equal by value, immutable, validated on creation."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if len(self.currency) != 3 or not self.currency.isupper():
            raise DomainError(f"currency must be an ISO 4217 code, got {self.currency!r}")
        if self.amount < 0:
            raise DomainError("amount must not be negative")

    @classmethod
    def from_minor_units(cls, units: int, currency: str) -> Money:
        return cls(Decimal(units).scaleb(-_MINOR_DIGITS.get(currency, 2)), currency)

    @property
    def minor_units(self) -> int:
        units = self.amount.scaleb(_MINOR_DIGITS.get(self.currency, 2))
        if units != units.to_integral_value():
            raise DomainError(f"{self.amount} {self.currency} is not a whole number of minor units")
        return int(units)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise DomainError("cannot add different currencies")
        return Money(self.amount + other.amount, self.currency)

    def times(self, factor: int) -> Money:
        return Money(self.amount * factor, self.currency)


@dataclass(frozen=True, slots=True)
class OrderLine:
    sku: str
    quantity: int
    unit_price: Money

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise DomainError("quantity must be positive")

    @property
    def total(self) -> Money:
        return self.unit_price.times(self.quantity)


@dataclass(frozen=True, slots=True)
class OrderPlaced:
    """Domain event: past tense, immutable, timezone-aware timestamp."""

    order_id: UUID
    customer_id: UUID
    total: Money
    occurred_at: datetime


class OrderStatus(StrEnum):
    DRAFT = "draft"
    PLACED = "placed"


class Order:
    """Aggregate root: the only way to change lines or status.

    Invariants: one currency per order, at most MAX_LINES lines,
    no changes after placing, an order needs a line to be placed.
    """

    MAX_LINES = 50

    def __init__(
        self,
        order_id: UUID,
        customer_id: UUID,
        currency: str,
        *,
        status: OrderStatus = OrderStatus.DRAFT,
        lines: list[OrderLine] | None = None,
        version: int = 0,
    ) -> None:
        self.id = order_id
        self.customer_id = customer_id
        self.currency = currency
        self.status = status
        self._lines: list[OrderLine] = list(lines or [])
        self.version = version
        self.pending_events: list[OrderPlaced] = []

    @property
    def lines(self) -> tuple[OrderLine, ...]:
        return tuple(self._lines)

    @property
    def total(self) -> Money:
        total = Money(Decimal(0), self.currency)
        for line in self._lines:
            total = total + line.total
        return total

    def add_line(self, sku: str, quantity: int, unit_price: Money) -> None:
        if self.status is not OrderStatus.DRAFT:
            raise DomainError("only draft orders can change")
        if unit_price.currency != self.currency:
            raise DomainError("line currency differs from order currency")
        for index, line in enumerate(self._lines):
            if line.sku == sku and line.unit_price == unit_price:
                self._lines[index] = OrderLine(sku, line.quantity + quantity, unit_price)
                return
        if len(self._lines) >= self.MAX_LINES:
            raise DomainError(f"an order holds at most {self.MAX_LINES} lines")
        self._lines.append(OrderLine(sku, quantity, unit_price))

    def place(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if self.status is not OrderStatus.DRAFT:
            raise DomainError("order already placed")
        if not self._lines:
            raise DomainError("cannot place an empty order")
        self.status = OrderStatus.PLACED
        self.pending_events.append(
            OrderPlaced(self.id, self.customer_id, self.total, now.astimezone(UTC))
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Order) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)
