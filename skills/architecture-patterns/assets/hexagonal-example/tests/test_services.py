"""Use-case tests, run once per adapter by the parametrised uow_factory fixture."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from uuid import uuid4

import pytest

from orders.adapters.clock import FixedClock
from orders.application import services
from orders.application.ports import UnitOfWork
from orders.domain.model import DomainError, OrderStatus


async def test_place_order(uow_factory: Callable[[], UnitOfWork], clock: FixedClock) -> None:
    customer = uuid4()
    order_id = await services.start_order(uow_factory(), customer_id=customer, currency="EUR")
    await services.add_line(
        uow_factory(),
        order_id=order_id,
        customer_id=customer,
        sku="SKU-1",
        quantity=2,
        unit_price_minor=450,
    )
    await services.place_order(uow_factory(), clock, order_id=order_id, customer_id=customer)

    async with uow_factory() as uow:
        order = await uow.orders.get(order_id, customer)
    assert order is not None
    assert order.status is OrderStatus.PLACED
    assert order.total.amount == Decimal("9.00")


async def test_other_customers_order_is_not_found(
    uow_factory: Callable[[], UnitOfWork], clock: FixedClock
) -> None:
    order_id = await services.start_order(uow_factory(), customer_id=uuid4(), currency="EUR")
    with pytest.raises(services.OrderNotFound):
        await services.place_order(uow_factory(), clock, order_id=order_id, customer_id=uuid4())


async def test_failed_use_case_changes_nothing(
    uow_factory: Callable[[], UnitOfWork], clock: FixedClock
) -> None:
    customer = uuid4()
    order_id = await services.start_order(uow_factory(), customer_id=customer, currency="EUR")
    with pytest.raises(DomainError):
        await services.place_order(uow_factory(), clock, order_id=order_id, customer_id=customer)

    async with uow_factory() as uow:
        order = await uow.orders.get(order_id, customer)
    assert order is not None
    assert order.status is OrderStatus.DRAFT
