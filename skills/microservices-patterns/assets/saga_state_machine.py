"""Orchestrated saga as a persisted state machine (SQLAlchemy 2.0, async).

Order fulfilment: reserve stock -> charge payment -> confirm order.
Compensations: void payment (if it may have been charged), release stock.

Everything the orchestrator knows lives in the order_sagas table, so a restart
or a second replica continues where the first stopped. Commands to other
services go through the transactional outbox (outbox.py) in the same
transaction as the state change. Replies arrive as messages; a reply that does
not match the current state (duplicate, late, out of order) is ignored, which
makes reply handling idempotent. A sweeper applies step timeouts.

A durable workflow engine (for example Temporal) gives the same guarantees
with less code; use this shape when adding such an engine is not justified.

Run the demo:  python saga_state_machine.py
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, DateTime, String, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.pool import StaticPool

from outbox import Base, OutboxMessage, outbox_message


class Step(StrEnum):
    RESERVING_STOCK = "reserving_stock"
    CHARGING_PAYMENT = "charging_payment"
    VOIDING_PAYMENT = "voiding_payment"
    RELEASING_STOCK = "releasing_stock"
    COMPLETED = "completed"
    FAILED = "failed"
    NEEDS_ATTENTION = "needs_attention"


TERMINAL = {Step.COMPLETED, Step.FAILED, Step.NEEDS_ATTENTION}

# (current step, reply type) -> (next step, command to send or None)
TRANSITIONS: dict[tuple[Step, str], tuple[Step, str | None]] = {
    (Step.RESERVING_STOCK, "StockReserved"): (Step.CHARGING_PAYMENT, "ChargePayment"),
    (Step.RESERVING_STOCK, "StockRejected"): (Step.FAILED, None),
    (Step.CHARGING_PAYMENT, "PaymentCharged"): (Step.COMPLETED, "ConfirmOrder"),
    (Step.CHARGING_PAYMENT, "PaymentDeclined"): (Step.RELEASING_STOCK, "ReleaseStock"),
    (Step.VOIDING_PAYMENT, "PaymentVoided"): (Step.RELEASING_STOCK, "ReleaseStock"),
    (Step.RELEASING_STOCK, "StockReleased"): (Step.FAILED, None),
}

# What to do when a step's deadline passes. The outcome of the timed-out call is
# unknown, so the compensation must be safe whether or not the step happened.
ON_TIMEOUT: dict[Step, tuple[Step, str]] = {
    Step.RESERVING_STOCK: (Step.RELEASING_STOCK, "ReleaseStock"),
    Step.CHARGING_PAYMENT: (Step.VOIDING_PAYMENT, "VoidPayment"),
}

STEP_TIMEOUT: dict[Step, timedelta] = {
    Step.RESERVING_STOCK: timedelta(seconds=30),
    Step.CHARGING_PAYMENT: timedelta(minutes=2),
    Step.VOIDING_PAYMENT: timedelta(minutes=2),
    Step.RELEASING_STOCK: timedelta(minutes=1),
}

COMMAND_TOPIC = {
    "ReserveStock": "inventory.commands.v1",
    "ReleaseStock": "inventory.commands.v1",
    "ChargePayment": "payments.commands.v1",
    "VoidPayment": "payments.commands.v1",
    "ConfirmOrder": "orders.commands.v1",
}

MAX_COMPENSATION_ATTEMPTS = 5


class OrderSaga(Base):
    __tablename__ = "order_sagas"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    step: Mapped[str] = mapped_column(String(32), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    failure_reason: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # optimistic lock against lost updates


@dataclass(frozen=True, slots=True)
class Reply:
    message_id: UUID
    saga_id: UUID
    type: str
    reason: str | None = None


def _send(session: AsyncSession, saga: OrderSaga, command: str, now: datetime) -> None:
    session.add(
        outbox_message(
            topic=COMMAND_TOPIC[command],
            key=str(saga.id),
            type_=command,
            payload={
                "saga_id": str(saga.id),
                # Same key on every resend, so the participant applies the command once.
                "idempotency_key": f"{saga.id}:{command}",
                "reply_to": "orders.saga-replies.v1",
                **saga.data,
            },
            now=now,
        )
    )


def _move(saga: OrderSaga, step: Step, now: datetime) -> None:
    saga.step = step.value
    saga.attempts = 0
    saga.deadline_at = None if step in TERMINAL else now + STEP_TIMEOUT[step]
    saga.updated_at = now


async def start_saga(session: AsyncSession, *, order_id: UUID, data: dict[str, Any], now: datetime) -> None:
    """Call inside the transaction that creates the order."""
    saga = OrderSaga(id=order_id, step=Step.RESERVING_STOCK.value, data=data, updated_at=now)
    _move(saga, Step.RESERVING_STOCK, now)
    session.add(saga)
    _send(session, saga, "ReserveStock", now)


async def on_reply(sessions: async_sessionmaker[AsyncSession], reply: Reply, now: datetime) -> Step | None:
    """Advance the saga for one reply; returns the new step, or None if ignored."""
    async with sessions() as session, session.begin():
        saga = await session.get(OrderSaga, reply.saga_id, with_for_update=True)
        if saga is None:
            return None
        transition = TRANSITIONS.get((Step(saga.step), reply.type))
        if transition is None:
            return None  # duplicate, late or out-of-order reply: nothing to do
        next_step, command = transition
        if reply.reason and next_step in {Step.FAILED, Step.RELEASING_STOCK}:
            saga.failure_reason = reply.reason[:200]
        _move(saga, next_step, now)
        if command:
            _send(session, saga, command, now)
        return next_step


async def expire_overdue(sessions: async_sessionmaker[AsyncSession], now: datetime, *, limit: int = 100) -> int:
    """Sweeper: run every few seconds from one scheduled worker (or several, thanks to SKIP LOCKED)."""
    handled = 0
    async with sessions() as session, session.begin():
        overdue = (
            await session.scalars(
                select(OrderSaga)
                .where(OrderSaga.deadline_at.is_not(None), OrderSaga.deadline_at < now)
                .order_by(OrderSaga.deadline_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for saga in overdue:
            step = Step(saga.step)
            if step in ON_TIMEOUT:
                next_step, command = ON_TIMEOUT[step]
                saga.failure_reason = f"timeout in {step.value}"
                _move(saga, next_step, now)
                _send(session, saga, command, now)
            elif saga.attempts + 1 >= MAX_COMPENSATION_ATTEMPTS:
                # Compensations must eventually succeed; stop and page a human.
                _move(saga, Step.NEEDS_ATTENTION, now)
            else:
                saga.attempts += 1  # resend the same idempotent compensation
                saga.deadline_at = now + STEP_TIMEOUT[step] * (2**saga.attempts)
                saga.updated_at = now
                _send(session, saga, _pending_command(step), now)
            handled += 1
    return handled


def _pending_command(step: Step) -> str:
    return {Step.VOIDING_PAYMENT: "VoidPayment", Step.RELEASING_STOCK: "ReleaseStock"}[step]


async def sent_commands(sessions: async_sessionmaker[AsyncSession], saga_id: UUID) -> list[str]:
    async with sessions() as session:
        rows = await session.scalars(
            select(OutboxMessage.type)
            .where(OutboxMessage.key == str(saga_id))
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
        )
        return list(rows)


async def main() -> None:
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    t0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

    order_id = uuid4()
    async with sessions() as session, session.begin():
        await start_saga(session, order_id=order_id, data={"amount_cents": 4200}, now=t0)
    await on_reply(sessions, Reply(uuid4(), order_id, "StockReserved"), t0 + timedelta(seconds=1))
    # No payment reply: the sweeper times the charge out and starts compensation.
    await expire_overdue(sessions, t0 + timedelta(minutes=5))
    await on_reply(sessions, Reply(uuid4(), order_id, "PaymentVoided"), t0 + timedelta(minutes=6))
    final = await on_reply(sessions, Reply(uuid4(), order_id, "StockReleased"), t0 + timedelta(minutes=7))
    print("final step:", final, "commands:", await sent_commands(sessions, order_id))
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
