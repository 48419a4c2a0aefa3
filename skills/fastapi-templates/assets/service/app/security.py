"""Who the caller is, in local-JWT mode (`--auth jwt`): the service's auth-mode boundary.

This module alone knows the auth mode: its settings (AuthSettings, part of app.settings.Settings),
password hashing, the access tokens this service issues and accepts, and get_current_principal,
the dependency every protected route uses. The oidc and none modes replace this file whole.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal
from uuid import uuid4

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pwdlib import PasswordHash
from pydantic import BaseModel, Field, SecretStr, field_validator

# Argon2id with pwdlib's recommended parameters. To keep accepting legacy bcrypt hashes while
# migrating, use PasswordHash((Argon2Hasher(), BcryptHasher())) with the pwdlib[bcrypt] extra:
# verify_and_update() then returns an Argon2 hash for those users at their next login.
password_hash = PasswordHash.recommended()

# Verified against when the account does not exist, so both paths cost one Argon2 verification.
_DUMMY_HASH = password_hash.hash(secrets.token_urlsafe(32))

REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
CLOCK_SKEW_SECONDS = 30
# What get_current_principal can answer; app.problems declares these on every protected operation.
AUTH_ERRORS = {401: "Missing, invalid or expired access token."}


class AuthSettings(BaseModel):
    """The auth part of Settings: APP_JWT_SECRET, APP_JWT_ISSUER, APP_JWT_AUDIENCE and so on."""

    # No default: a missing secret, or one under 32 characters, stops startup.
    jwt_secret: SecretStr
    jwt_issuer: str
    jwt_audience: str
    # The only algorithms this service accepts; HMAC because it both issues and verifies tokens.
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    # At most 15 minutes: tokens are not revocable, so their lifetime is the exposure window.
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=900)
    # Login attempts allowed per window, per account and per client address: app/auth/throttle.py.
    login_attempts_per_identity: int = Field(default=5, ge=1)
    login_attempts_per_client: int = Field(default=30, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)

    @field_validator("jwt_secret")
    @classmethod
    def _jwt_secret_long_enough(cls, value: SecretStr) -> SecretStr:
        if len(value.get_secret_value()) < 32:
            raise ValueError("secrets must be at least 32 characters")
        return value


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller. ``subject`` is the token's ``sub`` claim, always a string."""

    subject: str


def hash_password(password: str) -> str:
    return password_hash.hash(password)


def verify_password(password: str, stored_hash: str | None) -> tuple[bool, str | None]:
    """Return ``(valid, replacement_hash)``.

    ``replacement_hash`` is set when the stored hash uses an older algorithm or weaker
    parameters than the current policy; the caller stores it (rehash on verify).
    Pass ``None`` for an unknown account to keep response timing uniform.
    CPU-bound: call it through a thread pool from async code.
    """
    if stored_hash is None:
        password_hash.verify(password, _DUMMY_HASH)
        return False, None
    return password_hash.verify_and_update(password, stored_hash)


def create_access_token(
    subject: str, settings: AuthSettings, *, now: datetime | None = None
) -> str:
    issued_at = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": subject,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + timedelta(seconds=settings.access_token_ttl_seconds),
        "jti": uuid4().hex,
    }
    return jwt.encode(
        claims, settings.jwt_secret.get_secret_value(), algorithm=settings.jwt_algorithm
    )


def decode_access_token(token: str, settings: AuthSettings) -> Principal:
    """Verify signature, algorithm, exp/nbf/iat, issuer and audience.

    Raises ``jwt.InvalidTokenError`` (or a subclass) for any token that must not be trusted.
    """
    claims = jwt.decode(
        token,
        settings.jwt_secret.get_secret_value(),
        # Allowlist from configuration; never derived from the token's own "alg" header.
        algorithms=[settings.jwt_algorithm],
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        options={"require": REQUIRED_CLAIMS},
        leeway=CLOCK_SKEW_SECONDS,
    )
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject:
        raise jwt.InvalidTokenError("sub must be a non-empty string")
    return Principal(subject=subject)


# A plain bearer scheme: tokens come from POST /v1/auth/login. No OAuth2 password grant is
# declared (RFC 9700 deprecates it); the OpenAPI security scheme is http/bearer.
bearer_scheme = HTTPBearer(bearerFormat="JWT")
BearerTokenDep = Annotated[HTTPAuthorizationCredentials, Depends(bearer_scheme)]


def get_current_principal(request: Request, token: BearerTokenDep) -> Principal:
    # A missing Authorization header is answered by bearer_scheme itself: 401 + WWW-Authenticate.
    settings: AuthSettings = request.app.state.settings
    try:
        return decode_access_token(token.credentials, settings)
    except jwt.InvalidTokenError:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid or expired access token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from None
