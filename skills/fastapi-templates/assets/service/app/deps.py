"""Annotated dependency aliases. Routers import these instead of calling Depends() themselves."""

from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.db import get_engine, get_session
from app.security import Principal, decode_access_token
from app.settings import Settings

# A plain bearer scheme: tokens come from POST /v1/auth/login or an identity provider. No OAuth2
# password grant is declared (RFC 9700 deprecates it); the OpenAPI security scheme is http/bearer.
bearer_scheme = HTTPBearer(bearerFormat="JWT")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
EngineDep = Annotated[AsyncEngine, Depends(get_engine)]
BearerTokenDep = Annotated[HTTPAuthorizationCredentials, Depends(bearer_scheme)]


def get_current_principal(token: BearerTokenDep, settings: SettingsDep) -> Principal:
    # A missing Authorization header is answered by bearer_scheme itself: 401 + WWW-Authenticate.
    try:
        return decode_access_token(token.credentials, settings)
    except jwt.InvalidTokenError:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid or expired access token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from None


CurrentUserDep = Annotated[Principal, Depends(get_current_principal)]
