"""In-memory adapters: fast, deterministic test doubles for the ports.

They copy aggregates in and out so that uncommitted changes are lost,
like they would be with a real database.
"""

from __future__ import annotations

import copy
from types import TracebackType
from typing import Self
from uuid import UUID

from orders.domain.model import Order, OrderPlaced


class InMemoryOrderRepository:
    def __init__(self, rows: dict[UUID, Order]) -> None:
        self.rows = rows
        self.seen: set[Order] = set()

    async def get(self, order_id: UUID, customer_id: UUID) -> Order | None:
        order = self.rows.get(order_id)
        if order is None or order.customer_id != customer_id:
            return None
        self.seen.add(order)
        return order

    async def add(self, order: Order) -> None:
        self.rows[order.id] = order
        self.seen.add(order)


class InMemoryUnitOfWork:
    def __init__(self) -> None:
        self._committed: dict[UUID, Order] = {}
        self.published: list[OrderPlaced] = []
        self.orders = InMemoryOrderRepository({})

    async def __aenter__(self) -> Self:
        self.orders = InMemoryOrderRepository(copy.deepcopy(self._committed))
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Nothing to roll back: the working copy is simply dropped.
        return None

    async def commit(self) -> None:
        for order in self.orders.seen:
            self.published.extend(order.pending_events)
            order.pending_events.clear()
            order.version += 1
        self._committed = copy.deepcopy(self.orders.rows)
