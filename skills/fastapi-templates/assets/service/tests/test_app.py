"""Probes, middleware, error format and the spec export. Only test_readyz needs the database."""

import os
import uuid
from typing import Annotated

import pytest
from fastapi import FastAPI, Query
from httpx import ASGITransport, AsyncClient

from app.main import create_app
from app.openapi import openapi_document
from app.settings import Settings

PROBLEM_JSON = "application/problem+json"
REQUEST_ID = "6f1c2b1e-3a0e-4c55-9a7d-0b8e7c2f4a11"


async def test_healthz_answers_without_a_database(client: AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["x-request-id"]


async def test_request_id_is_reused_only_when_it_is_a_uuid(client: AsyncClient) -> None:
    kept = await client.get("/healthz", headers={"X-Request-ID": REQUEST_ID})
    assert kept.headers["x-request-id"] == REQUEST_ID
    replaced = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert str(uuid.UUID(replaced.headers["x-request-id"])) == replaced.headers["x-request-id"]


async def test_errors_are_problem_details(client: AsyncClient) -> None:
    response = await client.get("/no-such-route", headers={"X-Request-ID": REQUEST_ID})
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["title"] == "Not Found"
    assert body["status"] == 404
    assert body["instance"] == f"urn:uuid:{REQUEST_ID}"  # the occurrence, as in the logs


def add_probe(app: FastAPI) -> None:
    @app.post("/probe/{probe_id}")
    async def probe(
        probe_id: uuid.UUID, size: Annotated[int, Query(ge=1)], body: dict[str, int]
    ) -> dict[str, int]:
        return body


async def test_a_body_that_breaks_the_schema_is_a_422(app: FastAPI) -> None:
    add_probe(app)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as http:
        response = await http.post(
            f"/probe/{uuid.uuid4()}?size=1", json={"a/b": "x", "secret": "hunter2"}
        )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    problem = response.json()
    assert problem["title"] == "Unprocessable Content"
    pointers = {error.get("pointer") for error in problem["errors"]}
    assert "#/a~1b" in pointers
    allowed = {"detail", "pointer", "parameter", "header"}
    assert all(set(error) <= allowed for error in problem["errors"])
    assert "hunter2" not in response.text


async def test_bad_parameters_and_unreadable_json_are_400s(app: FastAPI) -> None:
    add_probe(app)
    good_id = uuid.uuid4()
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as http:
        bad_query = await http.post(f"/probe/{good_id}?size=0", json={"a": 1})
        bad_path = await http.post("/probe/not-a-uuid?size=1", json={"a": 1})
        unreadable = await http.post(
            f"/probe/{good_id}?size=1",
            content=b'{"a": 1,',
            headers={"Content-Type": "application/json"},
        )
        # A bad parameter makes the whole request a 400, even beside a body error.
        both = await http.post(f"/probe/{good_id}?size=0", json={"a": "x"})
    for response, parameter in [(bad_query, "size"), (bad_path, "probe_id"), (both, "size")]:
        assert response.status_code == 400, parameter
        assert response.headers["content-type"] == PROBLEM_JSON
        problem = response.json()
        assert problem["title"] == "Bad Request"
        assert any(error.get("parameter") == parameter for error in problem["errors"])
    assert unreadable.status_code == 400
    assert unreadable.headers["content-type"] == PROBLEM_JSON


async def test_unexpected_errors_are_500_problems_with_the_request_id(app: FastAPI) -> None:
    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("internal detail")

    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/boom", headers={"X-Request-ID": REQUEST_ID})
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.headers["x-request-id"] == REQUEST_ID
    assert response.json()["instance"] == f"urn:uuid:{REQUEST_ID}"
    assert "internal detail" not in response.text


async def test_untrusted_host_is_rejected(app: FastAPI) -> None:
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://attacker.example") as http:
        response = await http.get("/healthz")
    assert response.status_code == 400


async def test_cors_answers_only_configured_origins(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"cors_origins": ["https://app.example.com"]}))
    preflight = {"Access-Control-Request-Method": "GET"}
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as http:
        allowed = await http.options(
            "/v1/items", headers={**preflight, "Origin": "https://app.example.com"}
        )
        denied = await http.options(
            "/v1/items", headers={**preflight, "Origin": "https://evil.example"}
        )
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "access-control-allow-origin" not in denied.headers


def test_spec_exports_without_secrets_or_a_database(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith("APP_")]:
        monkeypatch.delenv(name)
    spec = openapi_document()
    assert spec["openapi"].startswith("3.1")
    assert "/v1/items" in spec["paths"]
    assert spec["paths"]["/v1/items"]["get"]["security"]  # every auth mode declares its scheme
    schemes = spec["components"]["securitySchemes"]
    assert all(scheme["type"] != "oauth2" for scheme in schemes.values())  # no password flow


def test_spec_declares_every_error_as_a_problem() -> None:
    """The documenter's lint: every operation has a 4xx and a 5xx, each application/problem+json."""
    spec = openapi_document()
    assert "/healthz" not in spec["paths"]  # probes are not part of the contract
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path, path_item in spec["paths"].items():
        for method, operation in path_item.items():
            errors = {code: r for code, r in operation["responses"].items() if code[0] in "45"}
            assert any(code.startswith("4") for code in errors), (method, path)
            assert "500" in errors, (method, path)
            for code, response in errors.items():
                assert response["content"] == {PROBLEM_JSON: {"schema": problem_ref}}, (code, path)
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas  # FastAPI's default 422 body is not what we send
    assert schemas["Problem"]["properties"]["errors"]["items"] == {
        "$ref": "#/components/schemas/FieldError"
    }
    assert set(schemas["FieldError"]["properties"]) == {"detail", "pointer", "parameter", "header"}


def test_spec_declares_400_for_input_and_422_only_for_bodies() -> None:
    """The handler's split: any operation with input can answer 400; only a body earns a 422."""
    spec = openapi_document()
    for path, path_item in spec["paths"].items():
        for method, operation in path_item.items():
            has_input = bool(operation.get("parameters") or operation.get("requestBody"))
            responses = operation["responses"]
            if has_input:
                assert "400" in responses, (method, path)
            assert ("422" in responses) == ("requestBody" in operation), (method, path)
    item = spec["paths"]["/v1/items/{item_id}"]
    assert set(item["patch"]["requestBody"]["content"]) == {"application/merge-patch+json"}
    for method in ("patch", "delete"):
        assert {"412", "428"} <= set(item[method]["responses"]), method
        if_match = [p for p in item[method]["parameters"] if p["name"].lower() == "if-match"]
        assert [p.get("required") for p in if_match] == [True], method
    assert "415" in item["patch"]["responses"]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]


async def test_readyz_checks_the_database(client: AsyncClient, db_app: FastAPI) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
