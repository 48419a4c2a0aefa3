import base64
import json
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.deps import CurrentUserDep, SessionDep
from app.items.models import Item
from app.items.schemas import ItemCreate, ItemPage, ItemRead, ItemUpdate
from app.security import Principal

router = APIRouter(prefix="/items", tags=["items"])


def encode_cursor(item: Item) -> str:
    raw = json.dumps([item.created_at.isoformat(), str(item.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_raw, id_raw = json.loads(raw)
        created_at = datetime.fromisoformat(created_raw)
        item_id = uuid.UUID(id_raw)
    except (ValueError, TypeError):  # covers binascii, JSON, unpacking and parsing errors
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Malformed cursor") from None
    if created_at.tzinfo is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Malformed cursor")
    return created_at, item_id


async def get_owned_item(session: AsyncSession, item_id: uuid.UUID, owner: Principal) -> Item:
    """Fetch by id *and* owner. Someone else's item gets the same 404 as a missing one,
    so ids cannot be probed (OWASP API1:2023, broken object level authorization)."""
    item = await session.scalar(
        select(Item).where(Item.id == item_id, Item.owner_id == owner.subject)
    )
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Item not found")
    return item


@router.get("")
async def list_items(
    session: SessionDep,
    user: CurrentUserDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> ItemPage:
    """Newest first, keyset-paginated on (created_at, id): stable under concurrent inserts."""
    conditions = [Item.owner_id == user.subject]
    if cursor is not None:
        after_created, after_id = decode_cursor(cursor)
        conditions.append(
            or_(
                Item.created_at < after_created,
                and_(Item.created_at == after_created, Item.id < after_id),
            )
        )
    stmt = (
        select(Item)
        .where(*conditions)
        .order_by(Item.created_at.desc(), Item.id.desc())
        .limit(limit + 1)  # one extra row tells whether another page exists
    )
    rows = (await session.scalars(stmt)).all()
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1]) if len(rows) > limit else None
    return ItemPage(items=[ItemRead.model_validate(row) for row in page], next_cursor=next_cursor)


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_item(
    payload: ItemCreate, session: SessionDep, user: CurrentUserDep, response: Response
) -> ItemRead:
    # The owner comes from the token, never from the request body.
    item = Item(owner_id=user.subject, **payload.model_dump())
    session.add(item)
    await session.commit()
    response.headers["Location"] = f"{router.prefix}/{item.id}"
    return ItemRead.model_validate(item)


@router.get("/{item_id}")
async def get_item(item_id: uuid.UUID, session: SessionDep, user: CurrentUserDep) -> ItemRead:
    return ItemRead.model_validate(await get_owned_item(session, item_id, user))


@router.patch("/{item_id}")
async def update_item(
    item_id: uuid.UUID, payload: ItemUpdate, session: SessionDep, user: CurrentUserDep
) -> ItemRead:
    item = await get_owned_item(session, item_id, user)
    for field, value in payload.model_dump(exclude_unset=True).items():
        setattr(item, field, value)
    await session.commit()
    return ItemRead.model_validate(item)


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_item(item_id: uuid.UUID, session: SessionDep, user: CurrentUserDep) -> None:
    item = await get_owned_item(session, item_id, user)
    await session.delete(item)
    await session.commit()
