"""Application factory: lifespan-managed engine, middleware, problem+json errors, probes."""

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from http import HTTPStatus
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
from app.observability import REQUEST_ID_HEADER, RequestIdMiddleware
from app.settings import Settings

PROBLEM_JSON = "application/problem+json"
# RFC 9110 reason phrases where older Python versions still use the RFC 7231 wording.
_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}


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
    """An RFC 9457 problem details response. type "about:blank" means: the status says it all."""
    try:
        title = _TITLES.get(status_code, HTTPStatus(status_code).phrase)
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status_code,
        "instance": request.url.path,
    }
    if detail:
        body["detail"] = detail
    body.update(extensions)
    return JSONResponse(body, status_code=status_code, headers=headers, media_type=PROBLEM_JSON)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem(request, exc.status_code, detail, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        # "input" is dropped on purpose: it would echo submitted passwords and tokens.
        errors = [
            {"loc": list(err.get("loc", ())), "msg": err.get("msg"), "type": err.get("type")}
            for err in exc.errors()
        ]
        return problem(
            request,
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "The request failed validation.",
            errors=errors,
        )

    @app.exception_handler(Exception)
    async def unhandled_error(request: Request, exc: Exception) -> JSONResponse:
        # The server still logs the traceback; the client gets no internals.
        return problem(request, status.HTTP_500_INTERNAL_SERVER_ERROR)


ops_router = APIRouter(tags=["ops"])


@ops_router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process answers. No dependencies, so a database outage never restarts it."""
    return {"status": "ok"}


@ops_router.get("/readyz", responses={503: {"description": "A dependency is unavailable"}})
async def readyz(engine: EngineDep) -> dict[str, str]:
    """Readiness: the database answers within two seconds."""
    try:
        async with asyncio.timeout(2):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except (TimeoutError, SQLAlchemyError, OSError):
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "Database unavailable") from None
    return {"status": "ready"}


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="service", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    install_problem_handlers(app)

    # add_middleware() wraps the current stack, so the last one added runs first:
    # TrustedHost rejects unknown Host headers before any other work happens.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,  # bearer tokens, not cookies
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER, "Location"],
        )
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.trusted_hosts)

    app.include_router(ops_router)
    app.include_router(auth_router)
    app.include_router(items_router)
    return app
