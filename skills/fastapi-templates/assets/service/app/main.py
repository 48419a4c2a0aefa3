"""Application factory: lifespan-managed engine, middleware, problem+json errors, probes."""

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.auth.router import router as auth_router
from app.db import build_engine, build_sessionmaker
from app.deps import EngineDep
from app.items.router import router as items_router
from app.observability import REQUEST_ID_HEADER, RequestIdMiddleware, request_id_var
from app.problems import PROBLEM_JSON, declare_problems, reason
from app.settings import Settings

error_log = logging.getLogger("app.errors")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    engine = build_engine(settings)
    app.state.engine = engine
    app.state.sessionmaker = build_sessionmaker(engine)
    try:
        yield
    finally:
        await engine.dispose()


def problem(
    request: Request,
    status_code: int,
    detail: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """An RFC 9457 problem details response. type "about:blank" means: the status says it all.
    instance names this occurrence by its request id, the one in X-Request-ID and the logs."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": reason(status_code),
        "status": status_code,
    }
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["instance"] = f"urn:uuid:{request_id}"
    if detail:
        body["detail"] = detail
    body.update(extensions)
    return JSONResponse(body, status_code=status_code, headers=headers, media_type=PROBLEM_JSON)


def _pointer(parts: Sequence[object]) -> str:
    """A JSON Pointer in URI fragment form (RFC 6901): "#/items/0/quantity"."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "#" + "".join(f"/{part}" for part in escaped)


def _location(err: Mapping[str, object]) -> str:
    """Where a pydantic error sits: "body", "query", "path", "header" or "cookie"."""
    loc = err.get("loc")
    return str(loc[0]) if isinstance(loc, (list, tuple)) and loc else "body"


def field_errors(errors: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
    """Pydantic errors in the shape of the plugin's problem-details schema: detail plus where."""
    shaped: list[dict[str, str]] = []
    for err in errors:
        raw_loc = err.get("loc")
        loc = list(raw_loc) if isinstance(raw_loc, (list, tuple)) else []
        entry = {"detail": str(err.get("msg", "is invalid"))}
        where = str(loc[0]) if loc else "body"
        if where == "body":
            entry["pointer"] = _pointer(loc[1:])
        elif where == "header" and len(loc) > 1:
            entry["header"] = str(loc[1])
        elif len(loc) > 1:  # query, path, cookie
            entry["parameter"] = str(loc[1])
        shaped.append(entry)
    return shaped


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem(request, exc.status_code, detail, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        # "input" is never copied: it would echo submitted passwords and tokens.
        raw = exc.errors()
        errors = field_errors(raw)
        # Parse before validate: unreadable JSON or a bad path, query or header value is a 400;
        # a body that parses but breaks the schema is a 422 (mars:api-design-principles).
        unreadable = any(
            err.get("type") == "json_invalid" or _location(err) != "body" for err in raw
        )
        return problem(
            request,
            status.HTTP_400_BAD_REQUEST if unreadable else status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"{len(errors)} part(s) of the request failed validation.",
            errors=errors,
        )

    @app.exception_handler(Exception)
    async def unhandled_error(request: Request, exc: Exception) -> JSONResponse:
        # This handler runs outside RequestIdMiddleware, which left the id in request.state:
        # log it with the traceback; the body's instance and the header carry it to the caller.
        request_id = getattr(request.state, "request_id", None)
        token = request_id_var.set(request_id)
        try:
            error_log.error("unhandled error", exc_info=exc)
        finally:
            request_id_var.reset(token)
        headers = {REQUEST_ID_HEADER: request_id} if request_id else None
        return problem(request, status.HTTP_500_INTERNAL_SERVER_ERROR, headers=headers)


# Probes serve the platform, not API clients: they stay out of the contract and its diffs.
ops_router = APIRouter(tags=["ops"], include_in_schema=False)


@ops_router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process answers. No dependencies, so a database outage never restarts it."""
    return {"status": "ok"}


@ops_router.get("/readyz")
async def readyz(engine: EngineDep) -> dict[str, str]:
    """Readiness: the database answers within two seconds."""
    try:
        async with asyncio.timeout(2):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except (TimeoutError, SQLAlchemyError, OSError):
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "Database unavailable") from None
    return {"status": "ready"}


def install_problem_openapi(app: FastAPI) -> None:
    """Serve and export a spec that documents the problem+json errors the handlers send."""
    build_default = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = declare_problems(build_default())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="service",
        version="0.1.0",
        # Spectral's recommended rules (the documenter's lint) want these; replace the placeholders.
        description="Items owned by the authenticated caller.",
        contact={"name": "Service owners", "url": "https://example.com/replace-me"},
        servers=[{"url": "http://localhost:8000", "description": "Local (fastapi dev)"}],
        openapi_tags=[
            {"name": "auth", "description": "First-party login (local-JWT mode)."},
            {"name": "items", "description": "The caller's items."},
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    install_problem_openapi(app)

    # add_middleware() wraps the current stack, so the last one added runs first:
    # TrustedHost rejects unknown Host headers before any other work happens.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,  # bearer tokens, not cookies
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER, "Location", "ETag", "Link", "Retry-After"],
        )
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.trusted_hosts)

    app.include_router(ops_router)
    app.include_router(auth_router)
    app.include_router(items_router)
    return app
