"""Domain tests: plain objects, no I/O, no async."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from orders.domain.model import DomainError, Money, Order, OrderPlaced, OrderStatus

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def test_money_is_a_value_object() -> None:
    assert eur("1.50") == eur("1.50")
    with pytest.raises(DomainError):
        eur("1.00") + Money(Decimal("1.00"), "USD")


def test_same_sku_and_price_merges_lines() -> None:
    order = Order(uuid4(), uuid4(), "EUR")
    order.add_line("SKU-1", 1, eur("2.00"))
    order.add_line("SKU-1", 2, eur("2.00"))
    assert [(line.sku, line.quantity) for line in order.lines] == [("SKU-1", 3)]
    assert order.total == eur("6.00")


def test_place_records_one_event_and_freezes_the_order() -> None:
    order = Order(uuid4(), uuid4(), "EUR")
    order.add_line("SKU-1", 2, eur("5.00"))
    order.place(NOW)
    assert order.status is OrderStatus.PLACED
    assert order.pending_events == [OrderPlaced(order.id, order.customer_id, eur("10.00"), NOW)]
    with pytest.raises(DomainError):
        order.add_line("SKU-2", 1, eur("1.00"))


def test_empty_order_cannot_be_placed() -> None:
    with pytest.raises(DomainError):
        Order(uuid4(), uuid4(), "EUR").place(NOW)


def test_naive_datetimes_are_rejected() -> None:
    order = Order(uuid4(), uuid4(), "EUR")
    order.add_line("SKU-1", 1, eur("1.00"))
    with pytest.raises(ValueError):
        order.place(NOW.replace(tzinfo=None))


def test_money_converts_to_and_from_integer_minor_units() -> None:
    assert Money.from_minor_units(450, "EUR") == eur("4.50")
    assert Money.from_minor_units(450, "JPY").amount == Decimal(450)
    assert Money.from_minor_units(1234, "KWD").minor_units == 1234
    with pytest.raises(DomainError):
        _ = eur("0.005").minor_units
