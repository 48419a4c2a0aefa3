"""Items API. Ownership is the point: other users' items are invisible.

Tests that take `act_as` or `db_app` use PostgreSQL; the cursor and token checks run before any
session opens, so those tests need no database.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from httpx import AsyncClient

from app.pagination import encode_cursor
from app.security import create_access_token
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


async def test_forged_expired_or_malformed_cursors_get_400(
    client: AsyncClient, settings: Settings
) -> None:
    token = create_access_token("alice", settings)
    auth = {"Authorization": f"Bearer {token}"}
    now = datetime.now(UTC)
    secret = settings.cursor_secret.get_secret_value().encode()
    cursors = {
        "malformed": "not-a-cursor",
        "forged": encode_cursor(now, uuid.uuid4(), b"another-secret-of-32-characters!!"),
        "expired": encode_cursor(now, uuid.uuid4(), secret, now=now - timedelta(days=2)),
    }
    for reason, cursor in cursors.items():
        response = await client.get("/v1/items", params={"cursor": cursor}, headers=auth)
        assert response.status_code == 400, reason
        assert response.headers["content-type"] == PROBLEM_JSON


async def test_unknown_query_parameter_gets_400(client: AsyncClient, settings: Settings) -> None:
    auth = {"Authorization": f"Bearer {create_access_token('alice', settings)}"}
    response = await client.get("/v1/items", params={"limt": 5}, headers=auth)
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


async def test_missing_or_bad_token_gets_401(client: AsyncClient) -> None:
    anonymous = await client.get("/v1/items")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.headers["content-type"] == PROBLEM_JSON

    forged = await client.get("/v1/items", headers={"Authorization": "Bearer not-a-jwt"})
    assert forged.status_code == 401
    assert 'error="invalid_token"' in forged.headers["www-authenticate"]


async def test_real_bearer_token_reaches_the_route(
    client: AsyncClient, db_app: FastAPI, settings: Settings
) -> None:
    token = create_access_token("carol", settings)
    response = await client.get("/v1/items", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {"data": [], "next_cursor": None}
