"""Annotated dependency aliases. Routers import these instead of calling Depends() themselves."""

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.db import get_engine, get_session
from app.security import Principal, get_current_principal
from app.settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
EngineDep = Annotated[AsyncEngine, Depends(get_engine)]
# The authenticated caller. How callers authenticate is app.security's business (the auth mode).
CurrentUserDep = Annotated[Principal, Depends(get_current_principal)]
