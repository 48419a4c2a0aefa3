"""Items API. Ownership is the point: other users' items are invisible.

Tests that take `act_as` use PostgreSQL; the cursor and query-parameter checks run before any
session opens, so those take `signed_in` and need no database. Credentials themselves (missing,
forged, real) are tested per auth mode in test_auth.py.
"""

import dataclasses
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from httpx import AsyncClient

from app.items.router import list_query
from app.pagination import encode_cursor
from app.security import Principal
from app.settings import Settings

PROBLEM_JSON = "application/problem+json"
ActAs = Callable[[str], None]


async def create(client: AsyncClient, title: str) -> str:
    create_response = await client.post("/v1/items", json={"title": title})
    assert create_response.status_code == 201
    item_id: str = create_response.json()["id"]
    return item_id


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

    patch_response = await client.patch(f"/v1/items/{item['id']}", json={"description": "2 litres"})
    assert patch_response.status_code == 200
    assert patch_response.json()["title"] == "Buy milk"
    assert patch_response.json()["description"] == "2 litres"

    delete_response = await client.delete(f"/v1/items/{item['id']}")
    assert delete_response.status_code == 204
    assert (await client.get(f"/v1/items/{item['id']}")).status_code == 404


async def test_another_users_item_returns_404(client: AsyncClient, act_as: ActAs) -> None:
    act_as("alice")
    item_id = await create(client, "Alice's notes")

    act_as("bob")
    attempts = [
        await client.get(f"/v1/items/{item_id}"),
        await client.patch(f"/v1/items/{item_id}", json={"title": "Bob's now"}),
        await client.delete(f"/v1/items/{item_id}"),
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
    assert "limt" in response.json()["detail"]


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
    null_response = await client.patch(f"/v1/items/{item_id}", json={"title": None})
    assert null_response.status_code == 422
