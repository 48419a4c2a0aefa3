"""Password hashing and access tokens. No FastAPI imports, so it unit-tests in isolation."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import jwt
from pwdlib import PasswordHash

from app.settings import Settings

# Argon2id with pwdlib's recommended parameters. To keep accepting legacy bcrypt hashes while
# migrating, use PasswordHash((Argon2Hasher(), BcryptHasher())) with the pwdlib[bcrypt] extra:
# verify_and_update() then returns an Argon2 hash for those users at their next login.
password_hash = PasswordHash.recommended()

# Verified against when the account does not exist, so both paths cost one Argon2 verification.
_DUMMY_HASH = password_hash.hash(secrets.token_urlsafe(32))

REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
CLOCK_SKEW_SECONDS = 30


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


def create_access_token(subject: str, settings: Settings, *, now: datetime | None = None) -> str:
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


def decode_access_token(token: str, settings: Settings) -> Principal:
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
