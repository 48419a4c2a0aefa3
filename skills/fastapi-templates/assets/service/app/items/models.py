import uuid
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, now_utc


class Item(Base):
    __tablename__ = "items"
    # Serves the owner-scoped, newest-first keyset pagination in router.list_items.
    __table_args__ = (Index("ix_items_owner_created_id", "owner_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # The token subject (sub) of the owner: a local user id or an external OIDC subject.
    owner_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    # Python-side defaults: values are known after flush, so no refresh or lazy load is needed.
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    # Optimistic locking: every UPDATE and DELETE checks and bumps version, so a write that lost
    # a race raises StaleDataError (a 412). The ETag is this number (app.preconditions).
    version: Mapped[int] = mapped_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
