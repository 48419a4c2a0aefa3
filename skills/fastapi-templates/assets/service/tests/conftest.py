"""Test fixtures.

Database tests use a real PostgreSQL database from TEST_DATABASE_URL (its name must contain
"test"); each test runs in one outer transaction that is rolled back afterwards. Every test that
uses the database is marked `db` here: `pytest -m "not db"` runs the rest with no setup, and a
full run without TEST_DATABASE_URL fails with a clear message instead of skipping silently.
"""

import os
import secrets
from collections.abc import AsyncIterator, Callable

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from app.db import get_engine, get_session
from app.deps import get_current_principal
from app.main import create_app
from app.models import Base
from app.security import Principal
from app.settings import Settings

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "engine" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(
        _env_file=None,  # a developer's .env must not leak into tests
        database_url=SecretStr(TEST_DATABASE_URL or "postgresql+asyncpg://localhost/unused_test"),
        jwt_secret=SecretStr(secrets.token_urlsafe(48)),
        cursor_secret=SecretStr(secrets.token_urlsafe(48)),
        jwt_issuer="https://issuer.test",
        jwt_audience="service-tests",
        trusted_hosts=["test"],
    )


@pytest.fixture(scope="session")
async def engine() -> AsyncIterator[AsyncEngine]:
    if TEST_DATABASE_URL is None:
        pytest.fail('TEST_DATABASE_URL is not set: export it, or run pytest -m "not db"')
    database = make_url(TEST_DATABASE_URL).database or ""
    if "test" not in database:
        pytest.exit(f"refusing to drop tables in database {database!r}: its name lacks 'test'")
    test_engine = create_async_engine(TEST_DATABASE_URL)
    async with test_engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    yield test_engine
    async with test_engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
    await test_engine.dispose()


@pytest.fixture
async def db_session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """The app's commit() calls only release SAVEPOINTs inside the outer transaction."""
    async with engine.connect() as connection:
        outer = await connection.begin()
        session = AsyncSession(
            bind=connection,
            expire_on_commit=False,
            join_transaction_mode="create_savepoint",
        )
        try:
            yield session
        finally:
            await session.close()
            await outer.rollback()


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    # ASGITransport does not run the lifespan, so no engine exists unless db_app provides one.
    return create_app(settings)


@pytest.fixture
def db_app(app: FastAPI, engine: AsyncEngine, db_session: AsyncSession) -> FastAPI:
    async def session_override() -> AsyncIterator[AsyncSession]:
        yield db_session

    app.dependency_overrides[get_session] = session_override
    app.dependency_overrides[get_engine] = lambda: engine
    return app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as http:
        yield http


@pytest.fixture
def act_as(db_app: FastAPI) -> Callable[[str], None]:
    """Authenticate the following requests as `subject` without minting tokens."""

    def switch(subject: str) -> None:
        db_app.dependency_overrides[get_current_principal] = lambda: Principal(subject=subject)

    return switch
