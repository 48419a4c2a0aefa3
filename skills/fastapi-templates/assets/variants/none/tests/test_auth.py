"""Gateway mode: the caller's id comes from the header the authenticating gateway sets."""

import pytest
from fastapi import FastAPI, HTTPException
from httpx import AsyncClient

from app.openapi import openapi_document
from app.security import IDENTITY_HEADER, get_current_principal

PROBLEM_JSON = "application/problem+json"


def test_the_gateway_identity_becomes_the_principal() -> None:
    assert get_current_principal(" alice ").subject == "alice"


@pytest.mark.parametrize(
    "identity",
    [
        pytest.param("   ", id="blank"),
        pytest.param("a" * 256, id="longer than owner_id"),
        pytest.param("alice\tadmin", id="control character"),
    ],
)
def test_unusable_identities_are_refused(identity: str) -> None:
    with pytest.raises(HTTPException) as refused:
        get_current_principal(identity)
    assert refused.value.status_code == 401
    assert refused.value.headers == {"WWW-Authenticate": "APIKey"}


async def test_request_without_the_gateway_header_gets_401(client: AsyncClient) -> None:
    for headers in ({}, {IDENTITY_HEADER: ""}, {IDENTITY_HEADER: "a" * 256}):
        response = await client.get("/v1/items", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "APIKey"
        assert response.headers["content-type"] == PROBLEM_JSON


async def test_owner_scoping_follows_the_gateway_identity(
    client: AsyncClient, db_app: FastAPI
) -> None:
    alice = {IDENTITY_HEADER: "alice"}
    created = await client.post("/v1/items", json={"title": "Alice's"}, headers=alice)
    assert created.status_code == 201
    item_path = created.headers["location"]

    assert (await client.get(item_path, headers=alice)).status_code == 200
    assert (await client.get(item_path, headers={IDENTITY_HEADER: "bob"})).status_code == 404
    bobs_list = await client.get("/v1/items", headers={IDENTITY_HEADER: "bob"})
    assert bobs_list.json() == {"data": [], "next_cursor": None}


def test_spec_declares_the_gateway_header_and_no_login() -> None:
    spec = openapi_document()
    assert not any(path.startswith("/v1/auth") for path in spec["paths"])
    schemes = list(spec["components"]["securitySchemes"].values())
    assert [(scheme["type"], scheme["in"], scheme["name"]) for scheme in schemes] == [
        ("apiKey", "header", IDENTITY_HEADER)
    ]
    assert "WWW-Authenticate" in spec["paths"]["/v1/items"]["get"]["responses"]["401"]["headers"]
