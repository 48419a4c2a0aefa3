"""Transactional outbox with SQLAlchemy 2.0 (async) and a polling relay.

The order row and the OrderPlaced message are written in ONE database
transaction, so either both exist or neither does. A separate relay publishes
unpublished rows and marks them published. Delivery is at-least-once: a crash
between publish and commit re-publishes the row, so consumers must deduplicate
by message id (see inbox_consumer.py).

Run the demo:  python outbox.py      (SQLite file in a temp dir)
Production:    DATABASE_URL=postgresql+asyncpg://... with a real Publisher.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID, uuid4

from sqlalchemy import JSON, DateTime, String, delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

log = logging.getLogger("outbox")


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    customer_id: Mapped[UUID] = mapped_column(index=True)
    total_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[UUID] = mapped_column(primary_key=True)  # the message id consumers dedupe on
    topic: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))  # partition key: aggregate id keeps per-aggregate order
    type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    headers: Mapped[dict[str, str]] = mapped_column(JSON)  # traceparent, content type, schema version
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    id: UUID
    topic: str
    key: str
    type: str
    payload: dict[str, Any]
    headers: dict[str, str]


class Publisher(Protocol):
    async def publish(self, message: OutgoingMessage) -> None:
        """Return only after the broker acknowledged the message; raise otherwise."""
        ...


def outbox_message(
    *,
    topic: str,
    key: str,
    type_: str,
    payload: dict[str, Any],
    now: datetime,
    headers: Mapping[str, str] | None = None,
) -> OutboxMessage:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return OutboxMessage(
        id=uuid4(),
        topic=topic,
        key=key,
        type=type_,
        payload=payload,
        headers={"content-type": "application/json", **dict(headers or {})},
        created_at=now,
        published_at=None,
        attempts=0,
    )


async def place_order(
    sessions: async_sessionmaker[AsyncSession],
    *,
    customer_id: UUID,
    total_cents: int,
    currency: str,
    headers: Mapping[str, str] | None = None,
) -> UUID:
    """State change and event in the same transaction: no dual write."""
    now = datetime.now(UTC)
    order_id = uuid4()
    async with sessions() as session, session.begin():
        session.add(
            Order(
                id=order_id,
                customer_id=customer_id,
                total_cents=total_cents,
                currency=currency,
                status="placed",
                created_at=now,
            )
        )
        session.add(
            outbox_message(
                topic="orders.events.v1",
                key=str(order_id),
                type_="OrderPlaced",
                payload={
                    "schema_version": 1,
                    "order_id": str(order_id),
                    "customer_id": str(customer_id),
                    "total_cents": total_cents,
                    "currency": currency,
                    "occurred_at": now.isoformat(),
                },
                now=now,
                headers=headers,
            )
        )
    return order_id


async def relay_once(
    sessions: async_sessionmaker[AsyncSession], publisher: Publisher, *, batch_size: int = 100
) -> int:
    """Publish one batch in created order; returns how many rows were published.

    FOR UPDATE SKIP LOCKED (PostgreSQL, MySQL 8) lets several relay replicas run
    without publishing the same row concurrently; SQLite ignores the clause.
    Row locks are held while publishing, so keep batches small and the
    publisher's timeout short.
    """
    published = 0
    async with sessions() as session, session.begin():
        rows = (
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.published_at.is_(None))
                .order_by(OutboxMessage.created_at, OutboxMessage.id)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for row in rows:
            message = OutgoingMessage(row.id, row.topic, row.key, row.type, row.payload, row.headers)
            try:
                await publisher.publish(message)
            except Exception as exc:  # broker down, timeout, rejected
                row.attempts += 1
                row.last_error = repr(exc)[:500]
                log.warning("publish failed for %s: %r", row.id, exc)
                break  # stop here so later rows with the same key are not sent first
            row.published_at = datetime.now(UTC)
            published += 1
    return published


async def run_relay(
    sessions: async_sessionmaker[AsyncSession],
    publisher: Publisher,
    stop: asyncio.Event,
    *,
    batch_size: int = 100,
    idle_delay: float = 0.5,
    max_delay: float = 10.0,
) -> None:
    """Poll until stop is set. A full batch polls again at once; errors back off."""
    delay = idle_delay
    while not stop.is_set():
        try:
            count = await relay_once(sessions, publisher, batch_size=batch_size)
        except Exception:
            log.exception("relay iteration failed")
            delay = min(delay * 2, max_delay)
        else:
            delay = idle_delay
            if count == batch_size:
                continue
        try:
            await asyncio.wait_for(stop.wait(), timeout=delay)
        except TimeoutError:
            pass


async def purge_published(
    sessions: async_sessionmaker[AsyncSession], *, older_than: timedelta
) -> int:
    """Delete published rows past their retention; run from a scheduled job."""
    cutoff = datetime.now(UTC) - older_than
    async with sessions() as session, session.begin():
        result = await session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.published_at.is_not(None), OutboxMessage.published_at < cutoff
            )
        )
    return result.rowcount or 0


@dataclass
class InMemoryPublisher:
    """Test and demo publisher. A real one wraps a Kafka producer (acks=all,
    wait for the delivery report) or RabbitMQ with publisher confirms."""

    sent: list[OutgoingMessage] = field(default_factory=list)

    async def publish(self, message: OutgoingMessage) -> None:
        self.sent.append(message)


async def main() -> None:
    url = os.environ.get(
        "DATABASE_URL", f"sqlite+aiosqlite:///{tempfile.gettempdir()}/outbox-demo.sqlite3"
    )
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    publisher = InMemoryPublisher()

    order_id = await place_order(sessions, customer_id=uuid4(), total_cents=4200, currency="EUR")
    published = await relay_once(sessions, publisher)
    print(f"order {order_id}: published {published} message(s)")
    for message in publisher.sent:
        print(message.topic, message.key, message.type, message.id)
    await engine.dispose()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
