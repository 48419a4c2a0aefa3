"""Local-JWT mode: token rules, password hashing, the login endpoint and the bearer check.

The oidc and none modes replace this file with tests of their own identity source.
"""

import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pydantic import SecretStr, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.auth.throttle import LoginThrottle
from app.db import get_session
from app.openapi import openapi_document
from app.security import (
    create_access_token,
    decode_access_token,
    hash_password,
    verify_password,
)
from app.settings import Settings

PROBLEM_JSON = "application/problem+json"
PASSWORD = secrets.token_urlsafe(16)
# Cheaper than the current policy, so verification must hand back a replacement hash.
WEAK_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),))


def test_token_round_trip(settings: Settings) -> None:
    token = create_access_token("user-123", settings)
    assert decode_access_token(token, settings).subject == "user-123"


def test_token_for_another_audience_is_rejected(settings: Settings) -> None:
    other = settings.model_copy(update={"jwt_audience": "another-api"})
    with pytest.raises(jwt.InvalidAudienceError):
        decode_access_token(create_access_token("user-123", other), settings)


def test_token_signed_with_another_key_is_rejected(settings: Settings) -> None:
    other = settings.model_copy(update={"jwt_secret": SecretStr(secrets.token_urlsafe(48))})
    with pytest.raises(jwt.InvalidSignatureError):
        decode_access_token(create_access_token("user-123", other), settings)


def test_expired_token_is_rejected(settings: Settings) -> None:
    issued = datetime.now(UTC) - timedelta(hours=1)
    with pytest.raises(jwt.ExpiredSignatureError):
        decode_access_token(create_access_token("user-123", settings, now=issued), settings)


def test_unsigned_token_is_rejected(settings: Settings) -> None:
    now = datetime.now(UTC)
    claims = {
        "sub": "admin",
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    forged = jwt.encode(claims, "", algorithm="none")
    with pytest.raises(jwt.InvalidAlgorithmError):
        decode_access_token(forged, settings)


def test_short_jwt_secret_stops_startup() -> None:
    with pytest.raises(ValidationError, match="jwt_secret"):
        Settings(
            _env_file=None,
            database_url=SecretStr("postgresql+asyncpg://localhost/unused_test"),
            cursor_secret=SecretStr(secrets.token_urlsafe(48)),
            jwt_secret=SecretStr("too-short"),
            jwt_issuer="https://issuer.test",
            jwt_audience="service-tests",
        )


def test_verify_password_flags_weak_hashes_for_replacement() -> None:
    weak = WEAK_HASHER.hash(PASSWORD)
    valid, replacement = verify_password(PASSWORD, weak)
    assert valid
    assert replacement is not None
    assert replacement != weak

    current = hash_password(PASSWORD)
    assert verify_password(PASSWORD, current) == (True, None)
    assert verify_password("wrong", current) == (False, None)
    assert verify_password(PASSWORD, None) == (False, None)


async def test_login_issues_token_and_upgrades_hash(
    client: AsyncClient, db_app: FastAPI, db_session: AsyncSession
) -> None:
    user = User(email="alice@example.com", password_hash=WEAK_HASHER.hash(PASSWORD))
    db_session.add(user)
    await db_session.commit()
    weak_hash = user.password_hash

    response = await client.post(
        "/v1/auth/login", json={"email": "Alice@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    settings: Settings = db_app.state.settings
    principal = decode_access_token(response.json()["access_token"], settings)
    assert principal.subject == str(user.id)

    await db_session.refresh(user)
    assert user.password_hash != weak_hash

    wrong_response = await client.post(
        "/v1/auth/login", json={"email": "alice@example.com", "password": "wrong"}
    )
    unknown_response = await client.post(
        "/v1/auth/login", json={"email": "nobody@example.com", "password": PASSWORD}
    )
    assert wrong_response.status_code == unknown_response.status_code == 401
    assert wrong_response.json()["detail"] == unknown_response.json()["detail"]


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_limits_each_account_and_each_client() -> None:
    clock = Clock()
    throttle = LoginThrottle(per_identity=3, per_client=5, window_seconds=60, clock=clock)
    assert [throttle.attempt("alice", "10.0.0.1") for _ in range(3)] == [0, 0, 0]
    clock.now += 20
    assert throttle.attempt("alice", "10.0.0.2") == 40  # the account's window, from any client
    assert throttle.attempt("bob", "10.0.0.1") == 0  # another account from the same client
    assert throttle.attempt("carol", "10.0.0.1") == 0
    assert throttle.attempt("dave", "10.0.0.1") == 40  # the client's fifth attempt was carol's
    assert throttle.attempt("dave", "10.0.0.3") == 0

    clock.now += 40  # both windows end; refused attempts were not counted
    assert throttle.attempt("alice", "10.0.0.1") == 0


def test_throttle_memory_is_bounded() -> None:
    clock = Clock()
    throttle = LoginThrottle(
        per_identity=1, per_client=100, window_seconds=60, max_keys=4, clock=clock
    )
    for n in range(10):
        clock.now += 1
        assert throttle.attempt(f"user{n}", "10.0.0.1") == 0
        assert len(throttle) <= 4
    assert throttle.attempt("user9", "10.0.0.1") > 0  # the newest windows are the ones kept


class NoAccounts:
    """A session in which no account exists; counts the lookups that reach it."""

    def __init__(self) -> None:
        self.lookups = 0

    async def scalar(self, _statement: Any) -> None:
        self.lookups += 1


async def test_login_attempts_over_the_limit_get_429(app: FastAPI, client: AsyncClient) -> None:
    session = NoAccounts()

    async def no_accounts() -> AsyncIterator[NoAccounts]:
        yield session

    app.dependency_overrides[get_session] = no_accounts
    settings: Settings = app.state.settings
    app.state.settings = settings.model_copy(update={"login_attempts_per_identity": 2})
    attempt = {"email": "Mallory@example.com", "password": "guess"}
    statuses = [(await client.post("/v1/auth/login", json=attempt)).status_code for _ in range(2)]
    assert statuses == [401, 401]

    refused = await client.post("/v1/auth/login", json=attempt | {"email": "mallory@example.com"})
    assert refused.status_code == 429
    assert refused.headers["content-type"] == PROBLEM_JSON
    assert 0 < int(refused.headers["retry-after"]) <= settings.login_window_seconds
    assert session.lookups == 2  # refused before the database and the password hash

    other = await client.post("/v1/auth/login", json=attempt | {"email": "trent@example.com"})
    assert other.status_code == 401


async def test_missing_or_bad_token_gets_401(client: AsyncClient) -> None:
    anonymous = await client.get("/v1/items")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.headers["content-type"] == PROBLEM_JSON

    forged = await client.get("/v1/items", headers={"Authorization": "Bearer not-a-jwt"})
    assert forged.status_code == 401
    assert 'error="invalid_token"' in forged.headers["www-authenticate"]


async def test_real_bearer_token_reaches_the_route(
    client: AsyncClient, db_app: FastAPI, settings: Settings
) -> None:
    token = create_access_token("carol", settings)
    response = await client.get("/v1/items", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {"data": [], "next_cursor": None}


def test_spec_has_first_party_login_and_bearer_tokens() -> None:
    spec = openapi_document()
    login = spec["paths"]["/v1/auth/login"]["post"]
    assert login["security"] == []  # no token needed
    assert "Retry-After" in login["responses"]["429"]["headers"]
    schemes = list(spec["components"]["securitySchemes"].values())
    assert schemes == [{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}]
    unauthorized = spec["paths"]["/v1/items"]["get"]["responses"]["401"]
    assert "WWW-Authenticate" in unauthorized["headers"]
