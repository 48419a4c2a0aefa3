"""Tests for outbox.py, inbox_consumer.py and saga_state_machine.py.

Run from this folder:  pytest -q test_messaging.py
Needs: sqlalchemy[asyncio]>=2.0, aiosqlite, pytest>=8.4, pytest-asyncio>=1.1 (as README.md).
Set TEST_DATABASE_URL=postgresql+asyncpg://... (and install asyncpg) to run
against a scratch PostgreSQL database (its tables are dropped and recreated).
Markers are explicit, so the tests run in pytest-asyncio's default strict mode.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

import inbox_consumer
import outbox
import saga_state_machine as saga
from outbox import InMemoryPublisher, OutgoingMessage, OutboxMessage

T0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


@pytest_asyncio.fixture
async def sessions() -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = os.environ.get("TEST_DATABASE_URL", "sqlite+aiosqlite://")
    if url.startswith("sqlite"):
        engine = create_async_engine(url, poolclass=StaticPool)
    else:
        engine = create_async_engine(url)
    async with engine.begin() as conn:
        for metadata in (outbox.Base.metadata, inbox_consumer.Base.metadata):
            await conn.run_sync(metadata.drop_all)
            await conn.run_sync(metadata.create_all)  # outbox, orders, order_sagas, inbox
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


class FlakyPublisher(InMemoryPublisher):
    def __init__(self, fail_times: int) -> None:
        super().__init__()
        self.fail_times = fail_times

    async def publish(self, message: OutgoingMessage) -> None:
        if self.fail_times:
            self.fail_times -= 1
            raise ConnectionError("broker unavailable")
        await super().publish(message)


@pytest.mark.asyncio
async def test_order_and_event_are_written_together_and_relayed_once(sessions) -> None:
    order_id = await outbox.place_order(sessions, customer_id=uuid4(), total_cents=1000, currency="EUR")
    publisher = InMemoryPublisher()
    assert await outbox.relay_once(sessions, publisher) == 1
    assert await outbox.relay_once(sessions, publisher) == 0
    assert [(m.key, m.type) for m in publisher.sent] == [(str(order_id), "OrderPlaced")]


@pytest.mark.asyncio
async def test_failed_publish_is_retried_in_order(sessions) -> None:
    first = await outbox.place_order(sessions, customer_id=uuid4(), total_cents=1, currency="EUR")
    second = await outbox.place_order(sessions, customer_id=uuid4(), total_cents=2, currency="EUR")
    publisher = FlakyPublisher(fail_times=1)
    assert await outbox.relay_once(sessions, publisher) == 0
    assert await outbox.relay_once(sessions, publisher) == 2
    assert [m.key for m in publisher.sent] == [str(first), str(second)]
    async with sessions() as session:
        attempts = await session.scalars(select(OutboxMessage.attempts).order_by(OutboxMessage.created_at))
        assert list(attempts) == [1, 0]


@pytest.mark.asyncio
async def test_duplicate_delivery_is_applied_once(sessions) -> None:
    customer_id = uuid4()
    message = inbox_consumer.IncomingMessage(
        id=uuid4(),
        type="OrderPlaced",
        payload={"schema_version": 1, "customer_id": str(customer_id), "total_cents": 4200},
        headers={},
    )
    assert await inbox_consumer.handle(sessions, message) is True
    assert await inbox_consumer.handle(sessions, message) is False
    async with sessions() as session:
        account = await session.get(inbox_consumer.LoyaltyAccount, customer_id)
    assert account is not None and account.points == 42


@pytest.mark.asyncio
async def test_unsupported_message_leaves_no_trace(sessions) -> None:
    message = inbox_consumer.IncomingMessage(uuid4(), "OrderShipped", {}, {})
    with pytest.raises(inbox_consumer.UnsupportedMessage):
        await inbox_consumer.handle(sessions, message)
    async with sessions() as session:
        assert await session.get(inbox_consumer.ProcessedMessage, (inbox_consumer.CONSUMER_NAME, message.id)) is None


async def _start(sessions: async_sessionmaker[AsyncSession]):
    order_id = uuid4()
    async with sessions() as session, session.begin():
        await saga.start_saga(session, order_id=order_id, data={"amount_cents": 4200}, now=T0)
    return order_id


@pytest.mark.asyncio
async def test_saga_happy_path(sessions) -> None:
    order_id = await _start(sessions)
    await saga.on_reply(sessions, saga.Reply(uuid4(), order_id, "StockReserved"), T0 + timedelta(seconds=1))
    step = await saga.on_reply(sessions, saga.Reply(uuid4(), order_id, "PaymentCharged"), T0 + timedelta(seconds=2))
    assert step is saga.Step.COMPLETED
    assert await saga.sent_commands(sessions, order_id) == ["ReserveStock", "ChargePayment", "ConfirmOrder"]


@pytest.mark.asyncio
async def test_declined_payment_compensates_and_duplicates_are_ignored(sessions) -> None:
    order_id = await _start(sessions)
    reserved = saga.Reply(uuid4(), order_id, "StockReserved")
    await saga.on_reply(sessions, reserved, T0 + timedelta(seconds=1))
    assert await saga.on_reply(sessions, reserved, T0 + timedelta(seconds=2)) is None  # redelivered
    declined = saga.Reply(uuid4(), order_id, "PaymentDeclined", "card expired")
    await saga.on_reply(sessions, declined, T0 + timedelta(seconds=3))
    step = await saga.on_reply(sessions, saga.Reply(uuid4(), order_id, "StockReleased"), T0 + timedelta(seconds=4))
    assert step is saga.Step.FAILED
    assert await saga.sent_commands(sessions, order_id) == ["ReserveStock", "ChargePayment", "ReleaseStock"]


@pytest.mark.asyncio
async def test_timeout_voids_payment_then_escalates_stuck_compensation(sessions) -> None:
    order_id = await _start(sessions)
    await saga.on_reply(sessions, saga.Reply(uuid4(), order_id, "StockReserved"), T0 + timedelta(seconds=1))
    now = T0 + timedelta(minutes=3)
    assert await saga.expire_overdue(sessions, now) == 1  # charge timed out -> VoidPayment
    for _ in range(saga.MAX_COMPENSATION_ATTEMPTS):
        now += timedelta(hours=2)
        await saga.expire_overdue(sessions, now)
    async with sessions() as session:
        row = await session.get(saga.OrderSaga, order_id)
    assert row is not None and row.step == saga.Step.NEEDS_ATTENTION
    assert row.deadline_at is None
