"""Production wiring: SQL adapters, real clock, engine disposed on shutdown.

Run with (the tables created first; see README): pip install -e '.[serve]', then
DATABASE_URL=postgresql+asyncpg://... fastapi run src/orders/entrypoints/main.py
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from orders.adapters.clock import SystemClock
from orders.adapters.sql import SqlUnitOfWork
from orders.entrypoints.api import create_app

engine = create_async_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
sessions = async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await engine.dispose()


app = create_app(lambda: SqlUnitOfWork(sessions), SystemClock(), lifespan=lifespan)
