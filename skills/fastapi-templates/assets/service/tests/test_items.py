"""Items API against PostgreSQL. Ownership is the point: other users' items are invisible."""

import uuid
from collections.abc import Callable

from fastapi import FastAPI
from httpx import AsyncClient

from app.security import create_access_token
from app.settings import Settings

PROBLEM_JSON = "application/problem+json"
ActAs = Callable[[str], None]


async def create(client: AsyncClient, title: str) -> str:
    create_response = await client.post("/items", json={"title": title})
    assert create_response.status_code == 201
    item_id: str = create_response.json()["id"]
    return item_id


async def test_owner_can_create_read_update_delete(client: AsyncClient, act_as: ActAs) -> None:
    act_as("alice")
    create_response = await client.post("/items", json={"title": "  Buy milk  "})
    assert create_response.status_code == 201
    item = create_response.json()
    assert item["title"] == "Buy milk"
    assert create_response.headers["location"] == f"/items/{item['id']}"

    get_response = await client.get(f"/items/{item['id']}")
    assert get_response.status_code == 200
    assert get_response.json()["id"] == item["id"]

    patch_response = await client.patch(f"/items/{item['id']}", json={"description": "2 litres"})
    assert patch_response.status_code == 200
    assert patch_response.json()["title"] == "Buy milk"
    assert patch_response.json()["description"] == "2 litres"

    delete_response = await client.delete(f"/items/{item['id']}")
    assert delete_response.status_code == 204
    assert (await client.get(f"/items/{item['id']}")).status_code == 404


async def test_another_users_item_returns_404(client: AsyncClient, act_as: ActAs) -> None:
    act_as("alice")
    item_id = await create(client, "Alice's notes")

    act_as("bob")
    attempts = [
        await client.get(f"/items/{item_id}"),
        await client.patch(f"/items/{item_id}", json={"title": "Bob's now"}),
        await client.delete(f"/items/{item_id}"),
        await client.get(f"/items/{uuid.uuid4()}"),  # a truly missing id, for comparison
    ]
    for response in attempts:
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.json()["detail"] == "Item not found"

    act_as("alice")
    owner_response = await client.get(f"/items/{item_id}")
    assert owner_response.status_code == 200
    assert owner_response.json()["title"] == "Alice's notes"


async def test_list_is_owner_scoped_and_cursor_paginated(
    client: AsyncClient, act_as: ActAs
) -> None:
    act_as("bob")
    await create(client, "Bob's")
    act_as("alice")
    created = {await create(client, f"A{n}") for n in range(3)}

    first_response = await client.get("/items", params={"limit": 2})
    first = first_response.json()
    assert len(first["items"]) == 2
    assert first["next_cursor"] is not None

    second_response = await client.get(
        "/items", params={"limit": 2, "cursor": first["next_cursor"]}
    )
    second = second_response.json()
    assert len(second["items"]) == 1
    assert second["next_cursor"] is None
    assert {item["id"] for item in first["items"] + second["items"]} == created

    malformed_response = await client.get("/items", params={"cursor": "not-a-cursor"})
    assert malformed_response.status_code == 400
    assert malformed_response.headers["content-type"] == PROBLEM_JSON


async def test_inputs_reject_unknown_fields_and_null_title(
    client: AsyncClient, act_as: ActAs
) -> None:
    act_as("alice")
    smuggle_response = await client.post("/items", json={"title": "x", "owner_id": "bob"})
    assert smuggle_response.status_code == 422
    assert smuggle_response.headers["content-type"] == PROBLEM_JSON
    problem = smuggle_response.json()
    assert problem["title"] == "Unprocessable Content"
    assert any(error["loc"][-1] == "owner_id" for error in problem["errors"])

    item_id = await create(client, "x")
    null_response = await client.patch(f"/items/{item_id}", json={"title": None})
    assert null_response.status_code == 422


async def test_missing_or_bad_token_gets_401(client: AsyncClient, db_app: FastAPI) -> None:
    anonymous = await client.get("/items")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.headers["content-type"] == PROBLEM_JSON

    forged = await client.get("/items", headers={"Authorization": "Bearer not-a-jwt"})
    assert forged.status_code == 401
    assert 'error="invalid_token"' in forged.headers["www-authenticate"]


async def test_real_bearer_token_reaches_the_route(
    client: AsyncClient, db_app: FastAPI, settings: Settings
) -> None:
    token = create_access_token("carol", settings)
    response = await client.get("/items", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}
