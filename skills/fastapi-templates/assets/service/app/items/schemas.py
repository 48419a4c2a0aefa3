"""API shapes for items. Input models forbid unknown fields, so a client cannot set owner_id."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

Title = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(max_length=10_000)]


class ItemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Title
    description: Description | None = None


class ItemUpdate(BaseModel):
    """PATCH body: only the fields present in the request are applied."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Title | None = None
    description: Description | None = None

    @field_validator("title")
    @classmethod
    def _title_not_null(cls, value: str | None) -> str | None:
        # Omitting title keeps it; an explicit null would violate the NOT NULL column.
        if value is None:
            raise ValueError("title cannot be null")
        return value


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str
    description: str | None
    created_at: datetime
    updated_at: datetime


class ItemPage(BaseModel):
    """The list envelope every collection uses: data and an opaque next_cursor."""

    data: list[ItemRead]
    # Opaque and signed; pass it back as ?cursor= with the same parameters for the next page.
    # null on the last page.
    next_cursor: str | None
