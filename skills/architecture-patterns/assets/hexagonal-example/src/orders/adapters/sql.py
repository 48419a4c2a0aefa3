"""SQLAlchemy 2.0 async adapters for the Order ports.

ORM rows are persistence details; the repository maps them to and from the
domain aggregate. Domain events are written to an outbox table in the same
transaction as the state change. The table has the columns and types of
mars:microservices-patterns (assets/outbox.py), so that skill's relay publishes
these rows unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, Self
from uuid import UUID, uuid4

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    String,
    delete,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from orders.domain.model import Money, Order, OrderLine, OrderPlaced, OrderStatus


class ConcurrencyError(Exception):
    """Another transaction changed the aggregate since it was loaded."""


class Base(DeclarativeBase):
    pass


class OrderRow(Base):
    __tablename__ = "orders"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    customer_id: Mapped[UUID] = mapped_column(index=True)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int]


class OrderLineRow(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    order_id: Mapped[UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int]
    # Integer minor units (the API's form): exact for every currency, whatever its decimals.
    unit_price_minor: Mapped[int] = mapped_column(BigInteger)


class OutboxRow(Base):
    """The relay selects unpublished rows by created_at, then id, and sets
    published_at, or attempts and last_error when the broker refuses one."""

    __tablename__ = "outbox"

    id: Mapped[UUID] = mapped_column(primary_key=True)  # message id consumers dedupe on
    topic: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))  # aggregate id: keeps its events in order
    type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    headers: Mapped[dict[str, str]] = mapped_column(JSON)  # content-type, traceparent
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))


class SqlOrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.seen: set[Order] = set()
        self.added: set[Order] = set()

    async def get(self, order_id: UUID, customer_id: UUID) -> Order | None:
        row = await self.session.scalar(
            select(OrderRow).where(OrderRow.id == order_id, OrderRow.customer_id == customer_id)
        )
        if row is None:
            return None
        line_rows = await self.session.scalars(
            select(OrderLineRow).where(OrderLineRow.order_id == order_id).order_by(OrderLineRow.id)
        )
        lines = [
            OrderLine(
                lr.sku, lr.quantity, Money.from_minor_units(lr.unit_price_minor, row.currency)
            )
            for lr in line_rows
        ]
        order = Order(
            row.id,
            row.customer_id,
            row.currency,
            status=OrderStatus(row.status),
            lines=lines,
            version=row.version,
        )
        self.seen.add(order)
        return order

    async def add(self, order: Order) -> None:
        self.added.add(order)
        self.seen.add(order)


class SqlUnitOfWork:
    """message_headers, when given, returns headers for each outbox row, such as the
    current W3C traceparent (OpenTelemetry: opentelemetry.propagate.inject(carrier)),
    so a consumer's trace links to the request that caused the event."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        message_headers: Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._message_headers = message_headers

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        self.orders = SqlOrderRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.session.rollback()  # no-op after a successful commit
        await self.session.close()

    async def commit(self) -> None:
        for order in self.orders.seen:
            await self._save(order)
            for event in order.pending_events:
                headers = self._message_headers() if self._message_headers else {}
                self.session.add(_outbox_row(event, headers))
        await self.session.commit()
        for order in self.orders.seen:
            order.pending_events.clear()
            order.version += 1

    async def _save(self, order: Order) -> None:
        if order in self.orders.added:
            self.session.add(
                OrderRow(
                    id=order.id,
                    customer_id=order.customer_id,
                    currency=order.currency,
                    status=order.status.value,
                    version=1,
                )
            )
            await self.session.flush()
        else:
            result = await self.session.execute(
                update(OrderRow)
                .where(OrderRow.id == order.id, OrderRow.version == order.version)
                .values(status=order.status.value, version=order.version + 1)
            )
            if result.rowcount != 1:
                raise ConcurrencyError(f"order {order.id} changed concurrently")
            await self.session.execute(
                delete(OrderLineRow).where(OrderLineRow.order_id == order.id)
            )
        self.session.add_all(
            OrderLineRow(
                order_id=order.id,
                sku=line.sku,
                quantity=line.quantity,
                unit_price_minor=line.unit_price.minor_units,
            )
            for line in order.lines
        )


def _outbox_row(event: OrderPlaced, headers: Mapping[str, str]) -> OutboxRow:
    # One commit may write several rows with the same created_at; the relay then orders
    # them by id. An aggregate that emits several events per commit needs the identity
    # column described in mars:microservices-patterns (outbox-and-inbox.md, section 2).
    return OutboxRow(
        id=uuid4(),
        topic="orders.events.v1",
        key=str(event.order_id),
        type="OrderPlaced",
        payload={
            "schema_version": 1,
            "order_id": str(event.order_id),
            "customer_id": str(event.customer_id),
            "total_minor": event.total.minor_units,  # money as on the API: integer minor units
            "currency": event.total.currency,
            "occurred_at": event.occurred_at.isoformat(),
        },
        headers={"content-type": "application/json", **headers},
        created_at=event.occurred_at,
        published_at=None,
        attempts=0,
    )
