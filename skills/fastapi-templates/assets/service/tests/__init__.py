"""Tests. A package, so conftest can import tests.auth_support (the auth mode's test values)."""
