"""HTTP adapter test: in-memory adapters behind the real router."""

from __future__ import annotations

from uuid import UUID, uuid4

import httpx

from orders.adapters.clock import FixedClock
from orders.adapters.memory import InMemoryUnitOfWork
from orders.entrypoints.api import create_app, get_current_customer_id


async def test_create_add_line_and_place(clock: FixedClock) -> None:
    uow = InMemoryUnitOfWork()
    app = create_app(lambda: uow, clock)
    customer: UUID = uuid4()
    app.dependency_overrides[get_current_customer_id] = lambda: customer

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/orders", json={"currency": "EUR"})
        assert response.status_code == 201
        order_id = response.json()["id"]

        line = {"sku": "SKU-1", "quantity": 1, "unit_price": "3.00"}
        assert (await client.post(f"/orders/{order_id}/lines", json=line)).status_code == 204
        assert (await client.post(f"/orders/{order_id}/place")).status_code == 204
        assert (await client.post(f"/orders/{order_id}/place")).status_code == 409

    assert [event.order_id for event in uow.published] == [UUID(order_id)]


async def test_requests_without_identity_are_rejected(clock: FixedClock) -> None:
    app = create_app(InMemoryUnitOfWork, clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/orders", json={"currency": "EUR"})
    assert response.status_code == 401
