"""Fixtures. pyproject.toml sets asyncio_mode = "auto", so async tests and
fixtures need no marker; under strict mode add @pytest.mark.asyncio and use
@pytest_asyncio.fixture instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from orders.adapters.clock import FixedClock
from orders.adapters.memory import InMemoryUnitOfWork
from orders.adapters.sql import Base, SqlUnitOfWork
from orders.application.ports import UnitOfWork


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 27, 9, 30, tzinfo=UTC))


@pytest.fixture
async def sessions() -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A fresh in-memory SQLite database with the example's tables."""
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


@pytest.fixture(params=["memory", "sqlite"])
def uow_factory(
    request: pytest.FixtureRequest, sessions: async_sessionmaker[AsyncSession]
) -> Callable[[], UnitOfWork]:
    """The same use-case tests run against the fake and the real adapter."""
    if request.param == "memory":
        uow = InMemoryUnitOfWork()
        return lambda: uow
    return lambda: SqlUnitOfWork(sessions)
