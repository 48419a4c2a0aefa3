"""HTTP adapter test: in-memory adapters behind the real router, checked against the house
rules of mars:api-design-principles (/v1, 201 + Location, problem+json errors)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI

from orders.adapters.clock import FixedClock
from orders.adapters.memory import InMemoryUnitOfWork
from orders.application.ports import UnitOfWork
from orders.entrypoints.api import create_app, get_current_customer_id
from orders.entrypoints.problems import PROBLEM_JSON

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "errors"}


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The body has the shape of problem-details.schema.json and names this occurrence."""
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert set(body) <= PROBLEM_MEMBERS
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert body["instance"] == f"urn:uuid:{UUID(response.headers['x-request-id'])}"
    return body


def client_for(app: FastAPI, *, raise_app_exceptions: bool = True) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def app_for(
    customer: UUID, clock: FixedClock, uow_factory: Callable[[], UnitOfWork] | None = None
) -> FastAPI:
    uow = InMemoryUnitOfWork()
    app = create_app(uow_factory or (lambda: uow), clock)
    app.dependency_overrides[get_current_customer_id] = lambda: customer
    app.state.uow = uow
    return app


async def test_create_read_add_line_and_place(clock: FixedClock) -> None:
    app = app_for(uuid4(), clock)
    async with client_for(app) as client:
        response = await client.post("/v1/orders", json={"currency": "EUR"})
        assert response.status_code == 201
        order_id = response.json()["id"]
        location = response.headers["location"]
        assert location == f"http://test/v1/orders/{order_id}"

        line = {"sku": "SKU-1", "quantity": 2, "unit_price_minor": 300}
        assert (await client.post(f"/v1/orders/{order_id}/lines", json=line)).status_code == 204
        assert (await client.post(f"/v1/orders/{order_id}/place")).status_code == 204
        again = await client.post(f"/v1/orders/{order_id}/place")
        assert assert_problem(again, 409)["detail"] == "order already placed"

        order = (await client.get(location)).json()
    assert order["status"] == "placed"
    assert order["total_minor"] == 600
    assert order["lines"] == [{"sku": "SKU-1", "quantity": 2, "unit_price_minor": 300}]
    assert [event.order_id for event in app.state.uow.published] == [UUID(order_id)]


async def test_requests_without_identity_are_rejected(clock: FixedClock) -> None:
    app = create_app(InMemoryUnitOfWork, clock)
    async with client_for(app) as client:
        response = await client.post("/v1/orders", json={"currency": "EUR"})
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


async def test_client_errors_are_problems(clock: FixedClock) -> None:
    app = app_for(uuid4(), clock)
    request_id = str(uuid4())
    async with client_for(app) as client:
        not_found = await client.get(f"/v1/orders/{uuid4()}", headers={"X-Request-ID": request_id})
        unknown_route = await client.get("/orders")
        unknown_query = await client.get(f"/v1/orders/{uuid4()}", params={"expand": "lines"})
        bad_id = await client.post("/v1/orders/42/place")
        unreadable = await client.post(
            "/v1/orders", content=b'{"currency": ', headers={"Content-Type": "application/json"}
        )
        invalid = await client.post("/v1/orders", json={"currency": "euro", "note": "x"})
    assert assert_problem(not_found, 404)["instance"] == f"urn:uuid:{request_id}"
    assert_problem(unknown_route, 404)
    assert assert_problem(unknown_query, 400)["detail"] == "Unknown query parameter: expand"
    assert [set(e) for e in assert_problem(bad_id, 400)["errors"]] == [{"detail", "parameter"}]
    assert [set(e) for e in assert_problem(unreadable, 400)["errors"]] == [{"detail"}]
    errors = assert_problem(invalid, 422)["errors"]
    assert sorted(error["pointer"] for error in errors) == ["#/currency", "#/note"]


async def test_another_customers_order_looks_missing(clock: FixedClock) -> None:
    uow = InMemoryUnitOfWork()
    owner, other = create_app(lambda: uow, clock), create_app(lambda: uow, clock)
    owner.dependency_overrides[get_current_customer_id] = lambda: uuid4()
    other.dependency_overrides[get_current_customer_id] = lambda: uuid4()
    async with client_for(owner) as client:
        location = (await client.post("/v1/orders", json={"currency": "EUR"})).headers["location"]
    async with client_for(other) as client:
        assert_problem(await client.get(location), 404)


async def test_unexpected_faults_are_generic_problems(clock: FixedClock) -> None:
    def broken_uow() -> UnitOfWork:
        raise RuntimeError("database password is hunter2")

    app = app_for(uuid4(), clock, broken_uow)
    async with client_for(app, raise_app_exceptions=False) as client:
        response = await client.post("/v1/orders", json={"currency": "EUR"})
    body = assert_problem(response, 500)
    assert "detail" not in body


async def test_spec_documents_what_the_handlers_send(clock: FixedClock) -> None:
    spec = create_app(InMemoryUnitOfWork, clock).openapi()
    assert all(path.startswith("/v1/") for path in spec["paths"])
    create = spec["paths"]["/v1/orders"]["post"]["responses"]
    assert "Location" in create["201"]["headers"]
    for operations in spec["paths"].values():
        for operation in operations.values():
            errors = {c: r for c, r in operation["responses"].items() if c[0] in "45"}
            assert {"400", "401", "500"} <= set(errors)
            assert all(list(r["content"]) == [PROBLEM_JSON] for r in errors.values())
    assert "HTTPValidationError" not in spec["components"]["schemas"]
