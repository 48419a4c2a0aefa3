"""Test values for the auth mode's settings (local JWT). Other auth modes replace this file."""

import secrets
from typing import Any

from pydantic import SecretStr


def auth_test_settings() -> dict[str, Any]:
    """Keyword arguments for Settings: a random signing secret, test issuer and audience."""
    return {
        "jwt_secret": SecretStr(secrets.token_urlsafe(48)),
        "jwt_issuer": "https://issuer.test",
        "jwt_audience": "service-tests",
    }
