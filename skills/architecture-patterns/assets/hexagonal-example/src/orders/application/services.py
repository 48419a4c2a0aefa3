"""Use cases. Each one: load aggregate, call domain methods, commit.

No HTTP, no SQL, no framework types: the same functions serve the API,
a CLI command or a queue worker.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from orders.application.ports import Clock, UnitOfWork
from orders.domain.model import Money, Order


class OrderNotFound(Exception):
    """Raised for a missing order and for an order owned by someone else."""


async def _get_owned(uow: UnitOfWork, order_id: UUID, customer_id: UUID) -> Order:
    # The owner is part of the query (BOLA): a foreign order looks exactly like a missing one.
    order = await uow.orders.get(order_id, customer_id)
    if order is None:
        raise OrderNotFound(str(order_id))
    return order


async def get_order(uow: UnitOfWork, *, order_id: UUID, customer_id: UUID) -> Order:
    async with uow:
        return await _get_owned(uow, order_id, customer_id)


async def start_order(uow: UnitOfWork, *, customer_id: UUID, currency: str) -> UUID:
    order = Order(uuid4(), customer_id, currency)
    async with uow:
        await uow.orders.add(order)
        await uow.commit()
    return order.id


async def add_line(
    uow: UnitOfWork,
    *,
    order_id: UUID,
    customer_id: UUID,
    sku: str,
    quantity: int,
    unit_price_minor: int,
) -> None:
    async with uow:
        order = await _get_owned(uow, order_id, customer_id)
        order.add_line(sku, quantity, Money.from_minor_units(unit_price_minor, order.currency))
        await uow.commit()


async def place_order(uow: UnitOfWork, clock: Clock, *, order_id: UUID, customer_id: UUID) -> None:
    async with uow:
        order = await _get_owned(uow, order_id, customer_id)
        order.place(clock.now())
        await uow.commit()
