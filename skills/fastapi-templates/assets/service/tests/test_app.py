"""Probes, middleware and error format. Only test_readyz needs the database."""

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from app.main import create_app
from app.settings import Settings

PROBLEM_JSON = "application/problem+json"


async def test_healthz_answers_without_a_database(client: AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["x-request-id"]


async def test_request_id_is_reused_only_when_well_formed(client: AsyncClient) -> None:
    kept = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert kept.headers["x-request-id"] == "abc-123"
    replaced = await client.get("/healthz", headers={"X-Request-ID": "not acceptable!"})
    assert replaced.headers["x-request-id"] != "not acceptable!"


async def test_errors_are_problem_details(client: AsyncClient) -> None:
    response = await client.get("/no-such-route")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["title"] == "Not Found"
    assert body["status"] == 404
    assert body["instance"] == "/no-such-route"


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
            "/items", headers={**preflight, "Origin": "https://app.example.com"}
        )
        denied = await http.options(
            "/items", headers={**preflight, "Origin": "https://evil.example"}
        )
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "access-control-allow-origin" not in denied.headers


async def test_readyz_checks_the_database(client: AsyncClient, db_app: FastAPI) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
