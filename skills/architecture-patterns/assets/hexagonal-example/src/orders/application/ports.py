"""Ports: what the use cases need from the outside world, as Protocols.

Adapters implement these structurally; nothing here imports an adapter.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from orders.domain.model import Order


class OrderRepository(Protocol):
    """Collection-like access to Order aggregates. One repository per aggregate."""

    async def get(self, order_id: UUID, customer_id: UUID) -> Order | None:
        """The order if this customer owns it: the owner is part of the query, so a foreign order is missing."""
        ...

    async def add(self, order: Order) -> None: ...


class UnitOfWork(Protocol):
    """One business transaction. Changes are kept only after commit()."""

    @property
    def orders(self) -> OrderRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime: ...
