"""The SQL adapter's outbox rows, read the way the relay in mars:microservices-patterns
(assets/outbox.py) reads them: by column name, unpublished first, oldest first."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orders.adapters.clock import FixedClock
from orders.adapters.sql import SqlUnitOfWork
from orders.application import services

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

# The relay's batch query, by column name, so a renamed or missing column fails here.
UNPUBLISHED = text(
    "SELECT id, topic, key, type, payload, headers, created_at, attempts, last_error"
    " FROM outbox WHERE published_at IS NULL ORDER BY created_at, id"
)


async def unpublished(sessions: async_sessionmaker[AsyncSession]) -> list[Any]:
    async with sessions() as session:
        return list((await session.execute(UNPUBLISHED)).all())


async def place_new_order(
    uow: SqlUnitOfWork, clock: FixedClock, customer: UUID, *, place: bool = True
) -> UUID:
    order_id = await services.start_order(uow, customer_id=customer, currency="EUR")
    await services.add_line(
        uow, order_id=order_id, customer_id=customer, sku="SKU-1", quantity=3, unit_price_minor=250
    )
    if place:
        await services.place_order(uow, clock, order_id=order_id, customer_id=customer)
    return order_id


async def test_placing_writes_one_relay_ready_row(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    customer = uuid4()
    uow = SqlUnitOfWork(sessions, message_headers=lambda: {"traceparent": TRACEPARENT})
    order_id = await place_new_order(uow, clock, customer)

    [row] = await unpublished(sessions)
    assert UUID(str(row.id)).version == 4
    assert (row.topic, row.key, row.type) == ("orders.events.v1", str(order_id), "OrderPlaced")
    assert json.loads(row.payload) == {
        "schema_version": 1,
        "order_id": str(order_id),
        "customer_id": str(customer),
        "total_minor": 750,
        "currency": "EUR",
        "occurred_at": "2026-11-27T09:30:00+00:00",
    }
    assert json.loads(row.headers) == {
        "content-type": "application/json",
        "traceparent": TRACEPARENT,
    }
    assert datetime.fromisoformat(str(row.created_at)).replace(tzinfo=UTC) == clock.now()
    assert (row.attempts, row.last_error) == (0, None)


async def test_draft_changes_write_no_row(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    await place_new_order(SqlUnitOfWork(sessions), clock, uuid4(), place=False)
    assert await unpublished(sessions) == []


async def test_headers_default_to_content_type(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    await place_new_order(SqlUnitOfWork(sessions), clock, uuid4())
    [row] = await unpublished(sessions)
    assert json.loads(row.headers) == {"content-type": "application/json"}


async def test_relay_bookkeeping_columns_accept_its_writes(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    """A failed publish counts an attempt; a later success marks the row published."""
    await place_new_order(SqlUnitOfWork(sessions), clock, uuid4())
    [row] = await unpublished(sessions)
    async with sessions() as session, session.begin():
        await session.execute(
            text("UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id = :id"),
            {"error": "TimeoutError()", "id": row.id},
        )
    [retried] = await unpublished(sessions)
    assert (retried.attempts, retried.last_error) == (1, "TimeoutError()")

    async with sessions() as session, session.begin():
        await session.execute(
            text("UPDATE outbox SET published_at = :now WHERE id = :id"),
            {"now": datetime.now(UTC), "id": row.id},
        )
    assert await unpublished(sessions) == []
