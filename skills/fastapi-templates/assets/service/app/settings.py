"""Runtime configuration read from APP_* environment variables (and a local .env file)."""

from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.security import AuthSettings


class DatabaseSettings(BaseSettings):
    """The database URL alone, read the way the app reads it: APP_* variables, then a local .env.

    alembic/env.py uses this class, so migrations and the app never disagree about the database.
    """

    model_config = SettingsConfigDict(
        env_prefix="APP_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    # Secrets have no defaults: a missing value stops the process at startup.
    # SecretStr keeps them out of repr(), logs and tracebacks.
    database_url: SecretStr


class Settings(DatabaseSettings, AuthSettings):
    """Everything the app reads. The auth fields come from app.security (the auth mode)."""

    # Signs pagination cursors (HMAC-SHA256), so clients cannot forge positions.
    cursor_secret: SecretStr
    # Set it to the old value when rotating cursor_secret: cursors it signed keep working until
    # they expire (24 h); then remove it.
    cursor_previous_secret: SecretStr | None = None

    # Lists arrive as JSON, e.g. APP_CORS_ORIGINS='["https://app.example.com"]'.
    cors_origins: list[str] = Field(default_factory=list)
    trusted_hosts: list[str] = Field(default_factory=lambda: ["localhost", "127.0.0.1"])

    db_pool_size: int = Field(default=5, ge=1)
    db_max_overflow: int = Field(default=10, ge=0)
    db_echo: bool = False
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("cursor_secret", "cursor_previous_secret")
    @classmethod
    def _cursor_secrets_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("secrets must be at least 32 characters")
        return value

    @field_validator("cors_origins")
    @classmethod
    def _explicit_origins(cls, value: list[str]) -> list[str]:
        if "*" in value:
            raise ValueError("list each allowed origin; '*' is not accepted")
        # Browsers send Origin without a trailing slash; a stored slash would never match.
        return [origin.rstrip("/") for origin in value]

    @field_validator("trusted_hosts")
    @classmethod
    def _explicit_hosts(cls, value: list[str]) -> list[str]:
        if not value or "*" in value:
            raise ValueError("list the host names this service answers to; '*' is not accepted")
        return value

    def cursor_keys(self) -> list[bytes]:
        """Keys that verify cursors, by key id: the current one, which also signs, comes first."""
        keys = [self.cursor_secret]
        if self.cursor_previous_secret is not None:
            keys.append(self.cursor_previous_secret)
        return [key.get_secret_value().encode() for key in keys]
