"""Process entrypoint for `fastapi dev` / `fastapi run` (see [tool.fastapi] in pyproject.toml).

Reading settings and configuring logging happen here, once per process. Tests never import
this module; they call create_app() with their own Settings.
"""

from app.main import create_app
from app.observability import configure_logging
from app.settings import Settings

settings = Settings()  # type: ignore[call-arg]  # values come from the environment
configure_logging(settings.log_level)
app = create_app(settings)
