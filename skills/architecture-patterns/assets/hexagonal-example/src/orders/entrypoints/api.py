"""FastAPI adapter: parse and validate, call one use case, map the outcome.

Routers import the application layer only. Concrete adapters are chosen in
create_app() (the composition root) and reach handlers through app.state.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from pydantic import BaseModel, Field

from orders.application import services
from orders.application.ports import Clock, UnitOfWork
from orders.domain.model import DomainError

router = APIRouter(prefix="/orders", tags=["orders"])


class NewOrder(BaseModel):
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class NewLine(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    quantity: int = Field(gt=0, le=1000)
    unit_price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)


class Created(BaseModel):
    id: UUID


def get_current_customer_id() -> UUID:
    """Replace with the project's authentication dependency (override in tests)."""
    raise HTTPException(status.HTTP_401_UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})


def get_uow(request: Request) -> UnitOfWork:
    return request.app.state.uow_factory()


def get_clock(request: Request) -> Clock:
    return request.app.state.clock


CustomerId = Annotated[UUID, Depends(get_current_customer_id)]
Uow = Annotated[UnitOfWork, Depends(get_uow)]
AppClock = Annotated[Clock, Depends(get_clock)]


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_order(body: NewOrder, customer_id: CustomerId, uow: Uow) -> Created:
    order_id = await services.start_order(uow, customer_id=customer_id, currency=body.currency)
    return Created(id=order_id)


@router.post("/{order_id}/lines", status_code=status.HTTP_204_NO_CONTENT)
async def add_line(order_id: UUID, body: NewLine, customer_id: CustomerId, uow: Uow) -> None:
    try:
        await services.add_line(
            uow,
            order_id=order_id,
            customer_id=customer_id,
            sku=body.sku,
            quantity=body.quantity,
            unit_price=body.unit_price,
        )
    except services.OrderNotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "order not found") from None
    except DomainError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.post("/{order_id}/place", status_code=status.HTTP_204_NO_CONTENT)
async def place(order_id: UUID, customer_id: CustomerId, uow: Uow, clock: AppClock) -> None:
    try:
        await services.place_order(uow, clock, order_id=order_id, customer_id=customer_id)
    except services.OrderNotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "order not found") from None
    except DomainError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


def create_app(uow_factory: Callable[[], UnitOfWork], clock: Clock, **fastapi_kwargs: Any) -> FastAPI:
    """Composition root: the only place that decides which adapters are used."""
    app = FastAPI(**fastapi_kwargs)
    app.state.uow_factory = uow_factory
    app.state.clock = clock
    app.include_router(router)
    return app
