"""Items API. Ownership is the point: other users' items are invisible.

Tests that take `act_as` use PostgreSQL; the cursor and query-parameter checks run before any
session opens, so those take `signed_in` and need no database. Credentials themselves (missing,
forged, real) are tested per auth mode in test_auth.py.
"""

import dataclasses
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from httpx import AsyncClient, Response
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.items.router import list_query
from app.pagination import encode_cursor
from app.security import Principal
from app.settings import Settings

PROBLEM_JSON = "application/problem+json"
MERGE_PATCH = "application/merge-patch+json"
ActAs = Callable[[str], None]


async def create(client: AsyncClient, title: str) -> str:
    create_response = await client.post("/v1/items", json={"title": title})
    assert create_response.status_code == 201
    item_id: str = create_response.json()["id"]
    return item_id


async def merge_patch(
    client: AsyncClient, item_id: str, changes: dict[str, object], if_match: str | None
) -> Response:
    headers = {"Content-Type": MERGE_PATCH}
    if if_match is not None:
        headers["If-Match"] = if_match
    return await client.patch(f"/v1/items/{item_id}", content=json.dumps(changes), headers=headers)


async def test_owner_can_create_read_update_delete(client: AsyncClient, act_as: ActAs) -> None:
    act_as("alice")
    create_response = await client.post("/v1/items", json={"title": "  Buy milk  "})
    assert create_response.status_code == 201
    item = create_response.json()
    assert item["title"] == "Buy milk"
    assert create_response.headers["location"] == f"/v1/items/{item['id']}"

    get_response = await client.get(f"/v1/items/{item['id']}")
    assert get_response.status_code == 200
    assert get_response.json()["id"] == item["id"]
    read_etag = get_response.headers["etag"]
    assert read_etag == create_response.headers["etag"]

    patch_response = await merge_patch(client, item["id"], {"description": "2 litres"}, read_etag)
    assert patch_response.status_code == 200
    assert patch_response.json()["title"] == "Buy milk"
    assert patch_response.json()["description"] == "2 litres"
    new_etag = patch_response.headers["etag"]
    assert new_etag != read_etag
    assert (await client.get(f"/v1/items/{item['id']}")).headers["etag"] == new_etag

    cleared = await merge_patch(client, item["id"], {"description": None}, new_etag)
    assert cleared.status_code == 200
    assert cleared.json()["description"] is None  # null removes the member (RFC 7396)

    delete_response = await client.delete(
        f"/v1/items/{item['id']}", headers={"If-Match": cleared.headers["etag"]}
    )
    assert delete_response.status_code == 204
    assert (await client.get(f"/v1/items/{item['id']}")).status_code == 404


async def test_another_users_item_returns_404(client: AsyncClient, act_as: ActAs) -> None:
    act_as("alice")
    item_id = await create(client, "Alice's notes")

    act_as("bob")
    attempts = [
        await client.get(f"/v1/items/{item_id}"),
        await merge_patch(client, item_id, {"title": "Bob's now"}, "*"),
        await client.delete(f"/v1/items/{item_id}", headers={"If-Match": "*"}),
        await client.get(f"/v1/items/{uuid.uuid4()}"),  # a truly missing id, for comparison
    ]
    for response in attempts:
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.json()["detail"] == "Item not found"

    act_as("alice")
    owner_response = await client.get(f"/v1/items/{item_id}")
    assert owner_response.status_code == 200
    assert owner_response.json()["title"] == "Alice's notes"


async def test_list_is_owner_scoped_and_cursor_paginated(
    client: AsyncClient, act_as: ActAs
) -> None:
    act_as("bob")
    await create(client, "Bob's")
    act_as("alice")
    created = {await create(client, f"A{n}") for n in range(3)}

    first_response = await client.get("/v1/items", params={"limit": 2})
    first = first_response.json()
    assert len(first["data"]) == 2
    assert first["next_cursor"] is not None
    assert 'rel="next"' in first_response.headers["link"]

    second_response = await client.get(
        "/v1/items", params={"limit": 2, "cursor": first["next_cursor"]}
    )
    second = second_response.json()
    assert len(second["data"]) == 1
    assert second["next_cursor"] is None
    assert {item["id"] for item in first["data"] + second["data"]} == created

    act_as("bob")  # Alice's cursor does not page through Bob's list
    reused = await client.get("/v1/items", params={"limit": 2, "cursor": first["next_cursor"]})
    assert reused.status_code == 400


async def test_forged_expired_or_malformed_cursors_get_400(
    client: AsyncClient, settings: Settings, signed_in: Principal
) -> None:
    now = datetime.now(UTC)
    query = list_query(signed_in)
    key = settings.cursor_keys()[0]
    key_id, _, signature = encode_cursor((now, uuid.uuid4()), query, key).split(".")
    other_payload = encode_cursor((now, uuid.uuid4()), query, key).split(".")[1]
    cursors = {
        "malformed": "not-a-cursor",
        "forged": encode_cursor((now, uuid.uuid4()), query, b"another-secret-of-32-characters!!"),
        "altered": f"{key_id}.{other_payload}.{signature}",
        "non-ASCII signature": f"{key_id}.{other_payload}.\u00e4",
        "expired": encode_cursor((now, uuid.uuid4()), query, key, now=now - timedelta(days=2)),
    }
    for reason, cursor in cursors.items():
        response = await client.get("/v1/items", params={"cursor": cursor})
        assert response.status_code == 400, reason
        assert response.headers["content-type"] == PROBLEM_JSON


async def test_cursor_from_another_query_gets_400(
    client: AsyncClient, settings: Settings, signed_in: Principal
) -> None:
    """A cursor is bound to its sort, its filters and its caller's scope."""
    query = list_query(signed_in)
    key = settings.cursor_keys()[0]
    other_queries = {
        "another caller": list_query(Principal(subject="bob")),
        "another sort": dataclasses.replace(query, sort="title"),
        "another filter": dataclasses.replace(query, filters={**query.filters, "q": ["milk"]}),
    }
    for reason, other in other_queries.items():
        cursor = encode_cursor((datetime.now(UTC), uuid.uuid4()), other, key)
        response = await client.get("/v1/items", params={"cursor": cursor})
        assert response.status_code == 400, reason
        assert "does not match this query" in response.json()["detail"], reason


async def test_unknown_query_parameter_gets_400(client: AsyncClient, signed_in: Principal) -> None:
    response = await client.get("/v1/items", params={"limt": 5})
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["errors"] == [{"detail": "Unknown query parameter", "parameter": "limt"}]


async def test_inputs_reject_unknown_fields_and_null_title(
    client: AsyncClient, act_as: ActAs
) -> None:
    act_as("alice")
    smuggle_response = await client.post("/v1/items", json={"title": "x", "owner_id": "bob"})
    assert smuggle_response.status_code == 422
    assert smuggle_response.headers["content-type"] == PROBLEM_JSON
    problem = smuggle_response.json()
    assert problem["title"] == "Unprocessable Content"
    assert any(error.get("pointer") == "#/owner_id" for error in problem["errors"])

    item_id = await create(client, "x")
    null_response = await merge_patch(client, item_id, {"title": None}, "*")
    assert null_response.status_code == 422


async def test_malformed_item_id_gets_400(client: AsyncClient, act_as: ActAs) -> None:
    act_as("alice")
    response = await client.get("/v1/items/not-a-uuid")
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["errors"][0]["parameter"] == "item_id"


async def test_patch_takes_only_merge_patch(client: AsyncClient, signed_in: Principal) -> None:
    """Checked before any database work, so it needs no database."""
    for content_type in ("application/json", "text/plain", None):
        headers = {"If-Match": "*"} | ({"Content-Type": content_type} if content_type else {})
        response = await client.patch(
            f"/v1/items/{uuid.uuid4()}", content=b'{"title": "x"}', headers=headers
        )
        assert response.status_code == 415, content_type
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.headers["accept-patch"] == MERGE_PATCH


async def test_updates_need_a_current_if_match(client: AsyncClient, act_as: ActAs) -> None:
    act_as("alice")
    item_id = await create(client, "Original")
    current = (await client.get(f"/v1/items/{item_id}")).headers["etag"]
    weak = f"W/{current}"  # strong comparison: a weak validator never matches

    missing = [
        await merge_patch(client, item_id, {"title": "Lost update"}, None),
        await client.delete(f"/v1/items/{item_id}"),
    ]
    for response in missing:
        assert response.status_code == 428
        assert response.headers["content-type"] == PROBLEM_JSON
        assert "If-Match" in response.json()["detail"]

    stale = [
        await merge_patch(client, item_id, {"title": "Lost update"}, '"999"'),
        await merge_patch(client, item_id, {"title": "Lost update"}, weak),
        await client.delete(f"/v1/items/{item_id}", headers={"If-Match": '"999"'}),
    ]
    for response in stale:
        assert response.status_code == 412
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.headers["etag"] == current  # re-read without another round trip

    unchanged = await client.get(f"/v1/items/{item_id}")
    assert unchanged.json()["title"] == "Original"
    assert unchanged.headers["etag"] == current
    listed = await merge_patch(client, item_id, {"title": "Kept"}, f'"999", {current}')
    assert listed.status_code == 200


async def test_a_write_that_loses_the_race_gets_412(
    client: AsyncClient, act_as: ActAs, db_session: AsyncSession
) -> None:
    """Another writer commits between the handler's read and its UPDATE: the version check in
    the UPDATE's WHERE clause matches no row, so the change is refused instead of lost."""
    act_as("alice")
    item_id = await create(client, "Original")
    current = (await client.get(f"/v1/items/{item_id}")).headers["etag"]

    def other_writer(session: Session, flush_context: object, instances: object) -> None:
        session.connection().execute(
            text("UPDATE items SET title = 'Theirs', version = version + 1 WHERE id = :id"),
            {"id": uuid.UUID(item_id)},
        )

    event.listen(db_session.sync_session, "before_flush", other_writer, once=True)
    response = await merge_patch(client, item_id, {"title": "Mine"}, current)
    assert response.status_code == 412
    assert response.headers["content-type"] == PROBLEM_JSON
