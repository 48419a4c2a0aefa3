"""Export the OpenAPI document without secrets or a database: `uv run python -m app.openapi [path]`.

The spec depends on routes and schemas only, so the settings are built without values or
validation: no secret is read, and no engine is created because the lifespan never runs. This
holds in every auth mode, because only requests read the auth settings.
"""

import json
import sys
from pathlib import Path
from typing import Any

from app.main import create_app
from app.settings import Settings


def openapi_document() -> dict[str, Any]:
    # Defaults only (CORS origins, trusted hosts); required fields stay unset and are never read.
    return create_app(Settings.model_construct()).openapi()


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
