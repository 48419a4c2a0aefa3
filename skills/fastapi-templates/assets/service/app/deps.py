"""Annotated dependency aliases. Routers import these instead of calling Depends() themselves."""

from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.db import get_engine, get_session
from app.security import Principal, decode_access_token
from app.settings import Settings

# Relative tokenUrl keeps the OpenAPI "Authorize" button working behind a path prefix.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="auth/token")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
EngineDep = Annotated[AsyncEngine, Depends(get_engine)]
BearerTokenDep = Annotated[str, Depends(oauth2_scheme)]


def get_current_principal(token: BearerTokenDep, settings: SettingsDep) -> Principal:
    # A missing Authorization header is answered by oauth2_scheme itself: 401 + WWW-Authenticate.
    try:
        return decode_access_token(token, settings)
    except jwt.InvalidTokenError:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid or expired access token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from None


CurrentUserDep = Annotated[Principal, Depends(get_current_principal)]
