from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from app.auth.models import User
from app.auth.throttle import LoginThrottle
from app.deps import SessionDep, SettingsDep
from app.problems import problem_responses
from app.security import create_access_token, verify_password
from app.settings import Settings

router = APIRouter(prefix="/v1/auth", tags=["auth"])
BEARER = "bearer"


def get_login_throttle(request: Request) -> LoginThrottle:
    """One throttle per app, built from its settings on first use. Its counts live in this
    process only: see app/auth/throttle.py before running several workers."""
    state = request.app.state
    throttle: LoginThrottle | None = getattr(state, "login_throttle", None)
    if throttle is None:
        settings: Settings = state.settings
        throttle = LoginThrottle(
            per_identity=settings.login_attempts_per_identity,
            per_client=settings.login_attempts_per_client,
            window_seconds=settings.login_window_seconds,
        )
        state.login_throttle = throttle
    return throttle


LoginThrottleDep = Annotated[LoginThrottle, Depends(get_login_throttle)]

LOGIN_ERRORS = problem_responses(
    (401, "Unknown email, wrong password or inactive account."),
    (429, "Too many login attempts for this account or from this client; see Retry-After."),
)
LOGIN_ERRORS[429]["headers"] = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer"},
    }
}


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Annotated[str, Field(min_length=3, max_length=320)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"]
    expires_in: int


@router.post(
    "/login",
    responses=LOGIN_ERRORS,
    openapi_extra={"security": []},  # says "no token needed" instead of leaving it unsaid
)
async def login(
    credentials: LoginRequest,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    throttle: LoginThrottleDep,
    response: Response,
) -> TokenResponse:
    """First-party login for accounts this service owns (local-JWT mode).

    Not an OAuth2 password grant: third-party clients use an identity provider (OIDC, code + PKCE).
    Attempts are throttled per account and per client (app/auth/throttle.py) before the
    database or the password hash is touched.
    """
    email = credentials.email.lower()
    # Behind a proxy, request.client is the proxy unless uvicorn trusts its forwarded headers
    # (--forwarded-allow-ips); otherwise every caller shares one client budget.
    client = request.client.host if request.client else "unknown"
    retry_after = throttle.attempt(email, client)
    if retry_after:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "Too many login attempts; retry later",
            headers={"Retry-After": str(retry_after)},
        )
    user = await session.scalar(select(User).where(User.email == email))
    # Argon2 is CPU-bound: run it off the event loop. Unknown users get a dummy verification.
    valid, replacement_hash = await run_in_threadpool(
        verify_password, credentials.password, user.password_hash if user else None
    )
    if user is None or not valid or not user.is_active:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Incorrect email or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if replacement_hash is not None:
        user.password_hash = replacement_hash
        await session.commit()

    response.headers["Cache-Control"] = "no-store"
    return TokenResponse(
        access_token=create_access_token(str(user.id), settings),
        token_type=BEARER,
        expires_in=settings.access_token_ttl_seconds,
    )
