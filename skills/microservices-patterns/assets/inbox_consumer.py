"""Idempotent consumer (inbox) with SQLAlchemy 2.0 (async).

Brokers deliver at least once, so the same message can arrive twice (relay
re-publish, consumer crash before the offset commit, rebalance). The handler
records the message id in processed_messages in the SAME transaction as its
own state change; a second delivery hits the primary key and changes nothing.
That gives effectively-once processing, not exactly-once delivery.

Acknowledge the message (commit the Kafka offset, ack the AMQP delivery) only
after handle() returned.

Run the demo:  python inbox_consumer.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import DateTime, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

CONSUMER_NAME = "loyalty.order-placed"


class Base(DeclarativeBase):
    pass


class ProcessedMessage(Base):
    __tablename__ = "processed_messages"

    consumer: Mapped[str] = mapped_column(String(100), primary_key=True)
    message_id: Mapped[UUID] = mapped_column(primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoyaltyAccount(Base):
    __tablename__ = "loyalty_accounts"

    customer_id: Mapped[UUID] = mapped_column(primary_key=True)
    points: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    id: UUID
    type: str
    payload: dict[str, Any]
    headers: dict[str, str]


class UnsupportedMessage(Exception):
    """Not retryable: route to a dead-letter destination with this reason."""


async def handle(sessions: async_sessionmaker[AsyncSession], message: IncomingMessage) -> bool:
    """Apply the message once. Returns False for a duplicate, True when applied.

    Errors other than a duplicate propagate: the caller does not ack, so the
    broker redelivers; after a bounded number of attempts it dead-letters.
    """
    now = datetime.now(UTC)
    async with sessions() as session:
        session.add(ProcessedMessage(consumer=CONSUMER_NAME, message_id=message.id, processed_at=now))
        try:
            await session.flush()  # primary-key violation here means "already processed"
        except IntegrityError:
            await session.rollback()
            return False
        await _apply(session, message, now)
        await session.commit()
    return True


async def _apply(session: AsyncSession, message: IncomingMessage, now: datetime) -> None:
    if message.type != "OrderPlaced":
        raise UnsupportedMessage(message.type)
    if message.payload.get("schema_version") != 1:
        raise UnsupportedMessage(f"schema_version {message.payload.get('schema_version')!r}")
    customer_id = UUID(message.payload["customer_id"])
    points = int(message.payload["total_cents"]) // 100
    account = await session.get(LoyaltyAccount, customer_id, with_for_update=True)
    if account is None:
        session.add(LoyaltyAccount(customer_id=customer_id, points=points, updated_at=now))
    else:
        account.points += points
        account.updated_at = now


async def main() -> None:
    url = os.environ.get(
        "DATABASE_URL", f"sqlite+aiosqlite:///{tempfile.gettempdir()}/inbox-demo.sqlite3"
    )
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessions = async_sessionmaker(engine, expire_on_commit=False)

    customer_id = uuid4()
    message = IncomingMessage(
        id=uuid4(),
        type="OrderPlaced",
        payload={"schema_version": 1, "customer_id": str(customer_id), "total_cents": 4200},
        headers={},
    )
    first = await handle(sessions, message)
    second = await handle(sessions, message)  # redelivery of the same message id
    async with sessions() as session:
        account = await session.get(LoyaltyAccount, customer_id)
    print(f"first applied={first}, second applied={second}, points={account.points if account else 0}")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
