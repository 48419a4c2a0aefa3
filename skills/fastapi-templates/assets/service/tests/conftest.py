"""Test fixtures.

Database tests use a real PostgreSQL database from TEST_DATABASE_URL (its name must contain
"test"); each test runs in one outer transaction that is rolled back afterwards. Every test that
uses the database is marked `db` here: `pytest -m "not db"` runs the rest with no setup, and a
full run without TEST_DATABASE_URL fails with a clear message instead of skipping silently.

Nothing here depends on the auth mode: its test settings come from tests/auth_support.py, and
tests/test_auth.py checks the mode itself; the oidc and none modes replace both files.
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
from app.main import create_app
from app.models import Base
from app.security import Principal, get_current_principal
from app.settings import Settings
from tests.auth_support import auth_test_settings

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
        cursor_secret=SecretStr(secrets.token_urlsafe(48)),
        trusted_hosts=["test"],
        **auth_test_settings(),
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
    """Authenticate the following requests as `subject` without credentials (any auth mode)."""

    def switch(subject: str) -> None:
        db_app.dependency_overrides[get_current_principal] = lambda: Principal(subject=subject)

    return switch


@pytest.fixture
def signed_in(app: FastAPI) -> Principal:
    """Requests on `app` come from "alice", with no credentials and no database: for checks
    that answer before a session opens (cursors, query parameters)."""
    alice = Principal(subject="alice")
    app.dependency_overrides[get_current_principal] = lambda: alice
    return alice
