"""Export the OpenAPI document without secrets or a database: `uv run python -m app.openapi [path]`.

The spec depends on routes and schemas only, so placeholder settings are enough; no engine is
created because the lifespan never runs.
"""

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from app.main import create_app
from app.settings import Settings

_PLACEHOLDER = SecretStr("x" * 32)  # never used to sign or connect


def openapi_document() -> dict[str, Any]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]  # a developer's .env is not needed, nor read
        database_url=SecretStr("postgresql+asyncpg://unused@localhost/unused"),
        jwt_secret=_PLACEHOLDER,
        cursor_secret=_PLACEHOLDER,
        jwt_issuer="https://issuer.invalid",
        jwt_audience="openapi-export",
    )
    return create_app(settings).openapi()


def main(argv: list[str]) -> None:
    text = json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n"
    if len(argv) > 1:
        target = Path(argv[1])  # .mars/export/openapi.yaml: JSON text is valid YAML
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
