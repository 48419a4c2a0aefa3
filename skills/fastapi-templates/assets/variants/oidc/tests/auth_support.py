"""Test values for the auth mode's settings (OIDC). Nothing is fetched from these URLs: the tests
serve the provider's keys from memory (see ProviderKeys in test_auth.py)."""

from typing import Any


def auth_test_settings() -> dict[str, Any]:
    """Keyword arguments for Settings: the test provider's issuer, this API's audience."""
    return {
        "oidc_issuer": "https://issuer.test",
        "oidc_audience": "service-tests",
        "oidc_jwks_url": "https://issuer.test/jwks",
    }
