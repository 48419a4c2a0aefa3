from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from app.auth.models import User
from app.deps import SessionDep, SettingsDep
from app.problems import problem_responses
from app.security import create_access_token, verify_password

router = APIRouter(prefix="/v1/auth", tags=["auth"])
BEARER = "bearer"


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
    responses=problem_responses((401, "Unknown email, wrong password or inactive account.")),
    openapi_extra={"security": []},  # says "no token needed" instead of leaving it unsaid
)
async def login(
    credentials: LoginRequest, session: SessionDep, settings: SettingsDep, response: Response
) -> TokenResponse:
    """First-party login for accounts this service owns (local-JWT mode).

    Not an OAuth2 password grant: third-party clients use an identity provider (OIDC, code + PKCE).
    Put rate limiting in front of it.
    """
    user = await session.scalar(select(User).where(User.email == credentials.email.lower()))
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
