"""OIDC mode: provider tokens verified against the provider's keys (JWKS), with no network.

A test key pair stands in for the provider: ProviderKeys serves its public half from memory in
place of the JWKS endpoint, and the private half signs the tokens.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from httpx import AsyncClient
from jwt.algorithms import RSAAlgorithm
from pydantic import ValidationError

from app.openapi import openapi_document
from app.security import AuthSettings, decode_access_token, get_jwks_client
from app.settings import Settings

PROBLEM_JSON = "application/problem+json"
KEY_ID = "provider-key-1"
PROVIDER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
STRANGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class ProviderKeys(jwt.PyJWKClient):
    """The provider's key set, served from memory instead of its JWKS endpoint."""

    def __init__(self) -> None:
        super().__init__("https://issuer.test/jwks")
        self.reachable = True

    def fetch_data(self) -> dict[str, Any]:
        if not self.reachable:
            raise jwt.PyJWKClientConnectionError("the provider is down")
        public = RSAAlgorithm.to_jwk(PROVIDER_KEY.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}


def provider_token(
    settings: Settings, key: Any = PROVIDER_KEY, typ: str = "JWT", **claims: Any
) -> str:
    """A token as the provider issues it for this API; a claim set to None is left out."""
    now = datetime.now(UTC)
    defaults = {
        "sub": "alice",
        "iss": settings.oidc_issuer,
        "aud": settings.oidc_audience,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    merged = {name: value for name, value in (defaults | claims).items() if value is not None}
    return jwt.encode(merged, key, algorithm="RS256", headers={"kid": KEY_ID, "typ": typ})


@pytest.fixture
def provider(app: FastAPI) -> ProviderKeys:
    """The app verifies tokens against the in-memory provider."""
    keys = ProviderKeys()
    app.dependency_overrides[get_jwks_client] = lambda: keys
    return keys


async def test_provider_token_is_accepted(settings: Settings) -> None:
    principal = await decode_access_token(provider_token(settings), ProviderKeys(), settings)
    assert principal.subject == "alice"


AN_HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        pytest.param({"aud": "another-api"}, jwt.InvalidAudienceError, id="another audience"),
        pytest.param({"iss": "https://evil.test"}, jwt.InvalidIssuerError, id="another issuer"),
        pytest.param(
            {"iat": AN_HOUR_AGO, "exp": AN_HOUR_AGO + timedelta(minutes=5)},
            jwt.ExpiredSignatureError,
            id="expired",
        ),
        pytest.param({"sub": None}, jwt.MissingRequiredClaimError, id="no subject"),
        pytest.param({"key": STRANGER_KEY}, jwt.InvalidSignatureError, id="signed by a stranger"),
    ],
)
async def test_untrusted_tokens_are_rejected(
    settings: Settings, changes: dict[str, Any], error: type[jwt.PyJWTError]
) -> None:
    with pytest.raises(error):
        await decode_access_token(provider_token(settings, **changes), ProviderKeys(), settings)


async def test_tokens_the_provider_keys_do_not_cover_are_rejected(settings: Settings) -> None:
    # HS256 under the provider's key id: the allowlist and the key's own algorithm refuse it.
    hmac_token = jwt.encode(
        {"sub": "alice"}, "a-shared-secret-of-32-characters!", "HS256", headers={"kid": KEY_ID}
    )
    with pytest.raises(jwt.InvalidAlgorithmError):
        await decode_access_token(hmac_token, ProviderKeys(), settings)

    unknown_kid = jwt.encode({"sub": "alice"}, STRANGER_KEY, "RS256", headers={"kid": "other"})
    with pytest.raises(jwt.PyJWKClientError):  # a PyJWTError, not an InvalidTokenError
        await decode_access_token(unknown_kid, ProviderKeys(), settings)


async def test_token_typ_is_checked_only_when_configured(settings: Settings) -> None:
    # Unset (the default), any typ passes: many providers type access and ID tokens alike.
    id_token = provider_token(settings, typ="JWT")
    assert (await decode_access_token(id_token, ProviderKeys(), settings)).subject == "alice"

    typed = settings.model_copy(update={"oidc_token_typ": "at+jwt"})
    for typ in ("at+jwt", "application/AT+JWT"):  # RFC 7515: case-insensitive, prefix optional
        token = provider_token(settings, typ=typ)
        assert (await decode_access_token(token, ProviderKeys(), typed)).subject == "alice"
    with pytest.raises(jwt.InvalidTokenError, match="typ"):
        await decode_access_token(id_token, ProviderKeys(), typed)


async def test_token_of_another_typ_gets_401(
    app: FastAPI, client: AsyncClient, provider: ProviderKeys, settings: Settings
) -> None:
    app.state.settings = settings.model_copy(update={"oidc_token_typ": "at+jwt"})
    token = provider_token(settings, typ="JWT")
    response = await client.get("/v1/items", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_JSON
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_token_typ_setting_rejects_blank() -> None:
    claims = {"oidc_issuer": "https://id.example.com", "oidc_audience": "api"}
    urls = {"oidc_jwks_url": "https://id.example.com/jwks"}
    with pytest.raises(ValidationError, match="typ"):
        AuthSettings(**claims, **urls, oidc_token_typ="application/")
    assert AuthSettings(**claims, **urls).oidc_token_typ is None


async def test_missing_or_bad_token_gets_401(
    client: AsyncClient, provider: ProviderKeys, settings: Settings
) -> None:
    anonymous = await client.get("/v1/items")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.headers["content-type"] == PROBLEM_JSON

    for token in ("not-a-jwt", provider_token(settings, aud="another-api")):
        rejected = await client.get("/v1/items", headers={"Authorization": f"Bearer {token}"})
        assert rejected.status_code == 401
        assert 'error="invalid_token"' in rejected.headers["www-authenticate"]


async def test_unreachable_provider_gets_503_not_401(
    client: AsyncClient, provider: ProviderKeys, settings: Settings
) -> None:
    provider.reachable = False
    token = provider_token(settings)
    response = await client.get("/v1/items", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 503
    assert response.headers["retry-after"]
    assert response.headers["content-type"] == PROBLEM_JSON


async def test_real_provider_token_reaches_the_route(
    client: AsyncClient, db_app: FastAPI, provider: ProviderKeys, settings: Settings
) -> None:
    token = provider_token(settings, sub="carol")
    response = await client.get("/v1/items", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {"data": [], "next_cursor": None}


def test_jwks_url_must_use_https() -> None:
    claims = {"oidc_issuer": "https://id.example.com", "oidc_audience": "api"}
    with pytest.raises(ValidationError, match="https"):
        AuthSettings(**claims, oidc_jwks_url="http://id.example.com/jwks")
    assert AuthSettings(**claims, oidc_jwks_url="http://localhost:8080/jwks").oidc_jwks_url


def test_spec_has_bearer_tokens_and_no_login() -> None:
    spec = openapi_document()
    assert not any(path.startswith("/v1/auth") for path in spec["paths"])
    schemes = list(spec["components"]["securitySchemes"].values())
    assert schemes == [{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}]
    responses = spec["paths"]["/v1/items"]["get"]["responses"]
    assert "WWW-Authenticate" in responses["401"]["headers"]
    assert "Retry-After" in responses["503"]["headers"]
