"""Who the caller is, in OIDC mode (`--auth oidc`): the service's auth-mode boundary.

Access tokens come from an external identity provider; this module verifies them against the
provider's published keys (JWKS): signature, algorithm allowlist, exp/nbf/iat, issuer, audience,
and the header's typ when the provider types its access tokens.
The service issues no tokens and stores no passwords; flows, scopes and token lifetimes are the
provider's configuration. This module alone knows the auth mode: its settings (AuthSettings, part
of app.settings.Settings) and get_current_principal, the dependency every protected route uses.
"""

from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlsplit

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, field_validator

REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
CLOCK_SKEW_SECONDS = 30
# OIDC Core caps sub at 255 ASCII characters; Item.owner_id stores it.
MAX_SUBJECT_LENGTH = 255
# What get_current_principal can answer; app.problems declares these on every protected operation.
AUTH_ERRORS = {
    401: "Missing, invalid or expired access token.",
    503: "The identity provider's signing keys could not be fetched; retry later.",
}

# Public-key algorithms only: an HMAC secret would be shared with the provider's other clients.
Algorithm = Literal[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"
]


class AuthSettings(BaseModel):
    """The auth part of Settings: APP_OIDC_ISSUER, APP_OIDC_AUDIENCE, APP_OIDC_JWKS_URL,
    APP_OIDC_ALGORITHMS and APP_OIDC_TOKEN_TYP. Take them from
    <issuer>/.well-known/openid-configuration and a decoded access token's header."""

    # Exactly as the provider's tokens spell the iss claim.
    oidc_issuer: str
    # This API's identifier at the provider; its tokens must name it in aud.
    oidc_audience: str
    # The document's jwks_uri; copy it instead of guessing it.
    oidc_jwks_url: str
    # Exactly what the provider signs access tokens with (a JSON list in the environment).
    oidc_algorithms: list[Algorithm] = Field(default_factory=lambda: ["RS256"], min_length=1)
    # The header typ the provider's access tokens carry, e.g. "at+jwt" (RFC 9068). Set it when
    # the provider types them: its ID tokens, signed by the same keys, then cannot pass as access
    # tokens. Unset, typ is not checked.
    oidc_token_typ: str | None = None

    @field_validator("oidc_jwks_url")
    @classmethod
    def _https_only(cls, value: str) -> str:
        url = urlsplit(value)
        local = url.hostname in {"localhost", "127.0.0.1"}
        if url.scheme != "https" and not (url.scheme == "http" and local):
            raise ValueError("the JWKS URL must use https (plain http only for localhost)")
        return value

    @field_validator("oidc_token_typ")
    @classmethod
    def _known_media_type(cls, value: str | None) -> str | None:
        if value is not None and not media_type(value):
            raise ValueError("give the typ value, e.g. at+jwt, or leave it unset")
        return value


def media_type(typ: object) -> str:
    """A typ header compared the way RFC 7515 says: case-insensitive, "application/" optional."""
    return str(typ).strip().lower().removeprefix("application/")


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller. ``subject`` is the token's ``sub`` claim, always a string."""

    subject: str


def get_jwks_client(request: Request) -> jwt.PyJWKClient:
    """One key client per app. It caches the provider's key set for five minutes and refetches
    it when a token names a key id it has not seen, so key rotation needs no restart."""
    state = request.app.state
    client: jwt.PyJWKClient | None = getattr(state, "jwks_client", None)
    if client is None:
        settings: AuthSettings = state.settings
        client = jwt.PyJWKClient(settings.oidc_jwks_url, timeout=5)
        state.jwks_client = client
    return client


async def decode_access_token(
    token: str, keys: jwt.PyJWKClient, settings: AuthSettings
) -> Principal:
    """Verify a provider's access token. Raises ``jwt.PyJWTError`` for any token that must not be
    trusted; ``jwt.PyJWKClientConnectionError`` when the key set cannot be fetched."""
    expected_typ = settings.oidc_token_typ
    if expected_typ is not None:
        # Only ever a reason to refuse: acceptance still needs the signature checked below.
        typ = jwt.get_unverified_header(token).get("typ")
        if typ is None or media_type(typ) != media_type(expected_typ):
            raise jwt.InvalidTokenError(f"the token's typ is not {expected_typ}")
    # A key-set fetch is blocking network I/O: keep it off the event loop.
    signing_key = await run_in_threadpool(keys.get_signing_key_from_jwt, token)
    claims = jwt.decode(
        token,
        # A PyJWK: the token's alg must match this key's algorithm and be in the allowlist
        # (PyJWT >= 2.13 enforces both; see pyproject.toml).
        signing_key,
        algorithms=settings.oidc_algorithms,
        audience=settings.oidc_audience,
        issuer=settings.oidc_issuer,
        options={"require": REQUIRED_CLAIMS},
        leeway=CLOCK_SKEW_SECONDS,
    )
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject or len(subject) > MAX_SUBJECT_LENGTH:
        raise jwt.InvalidTokenError("sub must be a non-empty string of at most 255 characters")
    return Principal(subject=subject)


# Provider tokens arrive as bearer tokens. No OAuth2 flow is declared here: clients get tokens
# from the provider (authorization code + PKCE), never through this API.
bearer_scheme = HTTPBearer(bearerFormat="JWT")
BearerTokenDep = Annotated[HTTPAuthorizationCredentials, Depends(bearer_scheme)]
JwksDep = Annotated[jwt.PyJWKClient, Depends(get_jwks_client)]


async def get_current_principal(
    request: Request, token: BearerTokenDep, keys: JwksDep
) -> Principal:
    # A missing Authorization header is answered by bearer_scheme itself: 401 + WWW-Authenticate.
    settings: AuthSettings = request.app.state.settings
    try:
        return await decode_access_token(token.credentials, keys, settings)
    except jwt.PyJWKClientConnectionError:
        # The provider is unreachable: the token may be fine, so this is not the caller's 401.
        raise HTTPException(
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            detail="Cannot verify tokens right now",
            headers={"Retry-After": "30"},
        ) from None
    except jwt.PyJWTError:
        # Also PyJWKClientError (no key with the token's kid), which is not an InvalidTokenError.
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid or expired access token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from None
