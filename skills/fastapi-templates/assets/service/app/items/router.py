import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from app.deps import CurrentUserDep, SessionDep, SettingsDep
from app.items.models import Item
from app.items.schemas import ItemCreate, ItemPage, ItemRead, ItemUpdate
from app.pagination import ListQuery, Position, decode_cursor, encode_cursor
from app.preconditions import (
    ETAG_HEADER,
    MERGE_PATCH_ERRORS,
    MERGE_PATCH_JSON,
    PRECONDITION_ERRORS,
    IfMatch,
    check_if_match,
    etag,
    require_merge_patch,
    stale,
)
from app.problems import problem_responses
from app.security import Principal

router = APIRouter(prefix="/v1/items", tags=["items"])
# Another owner's item answers 404 like a missing one (see get_owned_item).
NOT_FOUND = problem_responses((404, "No such item for this caller."))
WITH_ETAG = {"headers": ETAG_HEADER}


def list_query(user: CurrentUserDep) -> ListQuery:
    """The query a cursor is bound to. Add every new filter or sort parameter here too (and to
    known_query), so a cursor issued for one query is refused for another."""
    # The owner scope counts as a filter: another caller cannot continue this caller's list.
    return ListQuery(sort="-created_at", filters={"owner_id": [user.subject]})


ListQueryDep = Annotated[ListQuery, Depends(list_query)]


def after_position(
    settings: SettingsDep,
    query: ListQueryDep,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Position | None:
    """Checks the cursor before any database work, so a bad one is a 400 even without a database."""
    if cursor is None:
        return None
    return decode_cursor(cursor, query, settings.cursor_keys())


AfterDep = Annotated[Position | None, Depends(after_position)]


def known_query(*names: str) -> Callable[[Request], None]:
    """An unknown query parameter is a 400: a misspelt filter fails instead of widening a list."""
    allowed = frozenset(names)

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            # Shaped like any other query error: a 400 whose errors[] name each parameter.
            raise RequestValidationError(
                [
                    {
                        "type": "extra_forbidden",
                        "loc": ("query", n),
                        "msg": "Unknown query parameter",
                    }
                    for n in unknown
                ]
            )

    return check


async def get_owned_item(session: AsyncSession, item_id: uuid.UUID, owner: Principal) -> Item:
    """Fetch by id *and* owner. Someone else's item gets the same 404 as a missing one,
    so ids cannot be probed (OWASP API1:2023, broken object level authorization)."""
    item = await session.scalar(
        select(Item).where(Item.id == item_id, Item.owner_id == owner.subject)
    )
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Item not found")
    return item


# Dependencies resolve in parameter order: caller and cursor are checked before a session opens.
@router.get(
    "",
    responses=problem_responses(
        (400, "A bad or expired cursor, one from another query, or an unknown parameter.")
    ),
)
async def list_items(
    user: CurrentUserDep,
    query: ListQueryDep,
    after: AfterDep,
    _known: Annotated[None, Depends(known_query("limit", "cursor"))],
    settings: SettingsDep,
    request: Request,
    response: Response,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ItemPage:
    """Newest first, keyset-paginated on (created_at, id): stable under concurrent inserts.
    The next_cursor works only with the same sort and filters (400 otherwise)."""
    conditions = [Item.owner_id == user.subject]
    if after is not None:
        after_created, after_id = after
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
    next_cursor = None
    if len(rows) > limit:
        signing_key = settings.cursor_keys()[0]
        next_cursor = encode_cursor((page[-1].created_at, page[-1].id), query, signing_key)
        next_url = request.url.include_query_params(cursor=next_cursor, limit=limit)
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return ItemPage(data=[ItemRead.model_validate(row) for row in page], next_cursor=next_cursor)


@router.post("", status_code=status.HTTP_201_CREATED, responses={201: WITH_ETAG})
async def create_item(
    user: CurrentUserDep, payload: ItemCreate, session: SessionDep, response: Response
) -> ItemRead:
    """Create an item owned by the caller; Location names it, ETag versions it."""
    # The owner comes from the token, never from the request body.
    item = Item(owner_id=user.subject, **payload.model_dump())
    session.add(item)
    await session.commit()
    response.headers["Location"] = f"{router.prefix}/{item.id}"
    response.headers["ETag"] = etag(item.version)
    return ItemRead.model_validate(item)


@router.get("/{item_id}", responses={200: WITH_ETAG, **NOT_FOUND})
async def get_item(
    item_id: uuid.UUID, user: CurrentUserDep, session: SessionDep, response: Response
) -> ItemRead:
    """One of the caller's items; its ETag is the If-Match value for PATCH and DELETE."""
    item = await get_owned_item(session, item_id, user)
    response.headers["ETag"] = etag(item.version)
    return ItemRead.model_validate(item)


# FastAPI answers 415 (media type) and 400/422 (input) before the handler runs; the handler
# then finds the caller's item (404) before comparing If-Match (428/412).
@router.patch(
    "/{item_id}",
    dependencies=[Depends(require_merge_patch)],
    responses={200: WITH_ETAG, **NOT_FOUND, **PRECONDITION_ERRORS, **MERGE_PATCH_ERRORS},
)
async def update_item(
    item_id: uuid.UUID,
    user: CurrentUserDep,
    payload: Annotated[ItemUpdate, Body(media_type=MERGE_PATCH_JSON)],
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,  # optional to the validator: missing is a 428, not a 400
) -> ItemRead:
    """JSON Merge Patch (RFC 7396): members present are set, the others keep their values."""
    item = await get_owned_item(session, item_id, user)
    check_if_match(if_match, item.version)
    for field, value in payload.model_dump(exclude_unset=True).items():
        setattr(item, field, value)
    try:
        await session.commit()
    except StaleDataError:  # another writer committed between our read and our UPDATE
        await session.rollback()
        raise stale(None) from None
    response.headers["ETag"] = etag(item.version)
    return ItemRead.model_validate(item)


@router.delete(
    "/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**NOT_FOUND, **PRECONDITION_ERRORS},
)
async def delete_item(
    item_id: uuid.UUID, user: CurrentUserDep, session: SessionDep, if_match: IfMatch = None
) -> None:
    """Delete one of the caller's items, if it is still the version the caller read."""
    item = await get_owned_item(session, item_id, user)
    check_if_match(if_match, item.version)
    await session.delete(item)
    try:
        await session.commit()
    except StaleDataError:
        await session.rollback()
        raise stale(None) from None
