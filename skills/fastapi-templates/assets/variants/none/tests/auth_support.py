"""Test values for the auth mode's settings (gateway mode): there are none."""

from typing import Any


def auth_test_settings() -> dict[str, Any]:
    """Keyword arguments for Settings: none, the gateway holds the credentials."""
    return {}
