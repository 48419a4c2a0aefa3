from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel
from sqlalchemy import select

from app.auth.models import User
from app.deps import SessionDep, SettingsDep
from app.security import create_access_token, verify_password

router = APIRouter(prefix="/auth", tags=["auth"])
BEARER = "bearer"


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"]
    expires_in: int


@router.post("/token")
async def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> TokenResponse:
    """OAuth2 password grant for first-party clients. Put rate limiting in front of it."""
    user = await session.scalar(select(User).where(User.email == form.username.lower()))
    # Argon2 is CPU-bound: run it off the event loop. Unknown users get a dummy verification.
    valid, replacement_hash = await run_in_threadpool(
        verify_password, form.password, user.password_hash if user else None
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
