"""FastAPI adapter: parse and validate, call one use case, map the outcome.

Routers import the application layer only. Concrete adapters are chosen in
create_app() (the composition root) and reach handlers through app.state.
Errors leave as problem+json (problems.py); the contract lives under /v1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import (
    APIRouter,
    Depends,
    FastAPI,
    HTTPException,
    Request,
    Response,
    status,
)
from pydantic import BaseModel, ConfigDict, Field

from orders.application import services
from orders.application.ports import Clock, UnitOfWork
from orders.domain.model import DomainError, Order
from orders.entrypoints.problems import document_problems, install_problem_handlers


def no_query_parameters(request: Request) -> None:
    """No route here takes a query parameter: a misspelt one is a 400, never silently ignored."""
    if request.query_params:
        unknown = ", ".join(sorted(request.query_params))
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"Unknown query parameter: {unknown}")


router = APIRouter(
    prefix="/v1/orders",
    tags=["orders"],
    dependencies=[Depends(no_query_parameters)],
    responses={
        400: {"description": "Unreadable JSON, a malformed id or an unknown query parameter."},
        401: {
            "description": "Missing or invalid credentials.",
            "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
        },
    },
)
Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"description": "No such order for this customer."}}
CONFLICT: Responses = {409: {"description": "The order's state does not allow this change."}}


class NewOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")  # an unknown body field is a 422

    currency: str = Field(pattern=r"^[A-Z]{3}$", examples=["EUR"])


class NewLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: str = Field(min_length=1, max_length=64)
    quantity: int = Field(gt=0, le=1000)
    # Money is integer minor units of the order's currency: 450 is 4.50 EUR.
    unit_price_minor: int = Field(ge=0, le=1_000_000_000)


class Created(BaseModel):
    id: UUID


class LineView(BaseModel):
    sku: str
    quantity: int
    unit_price_minor: int


class OrderView(BaseModel):
    id: UUID
    status: str
    currency: str
    total_minor: int
    lines: list[LineView]

    @classmethod
    def of(cls, order: Order) -> OrderView:
        lines = [
            LineView(
                sku=line.sku, quantity=line.quantity, unit_price_minor=line.unit_price.minor_units
            )
            for line in order.lines
        ]
        return cls(
            id=order.id,
            status=order.status.value,
            currency=order.currency,
            total_minor=order.total.minor_units,
            lines=lines,
        )


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


LOCATION = {"Location": {"description": "URL of the new order.", "schema": {"type": "string"}}}


@router.post("", status_code=status.HTTP_201_CREATED, responses={201: {"headers": LOCATION}})
async def create_order(
    body: NewOrder, customer_id: CustomerId, uow: Uow, request: Request, response: Response
) -> Created:
    order_id = await services.start_order(uow, customer_id=customer_id, currency=body.currency)
    response.headers["Location"] = str(request.url_for("get_order", order_id=order_id))
    return Created(id=order_id)


@router.get("/{order_id}", responses=NOT_FOUND)
async def get_order(order_id: UUID, customer_id: CustomerId, uow: Uow) -> OrderView:
    try:
        order = await services.get_order(uow, order_id=order_id, customer_id=customer_id)
    except services.OrderNotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND) from None
    return OrderView.of(order)


@router.post(
    "/{order_id}/lines", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND | CONFLICT
)
async def add_line(order_id: UUID, body: NewLine, customer_id: CustomerId, uow: Uow) -> None:
    try:
        await services.add_line(
            uow,
            order_id=order_id,
            customer_id=customer_id,
            sku=body.sku,
            quantity=body.quantity,
            unit_price_minor=body.unit_price_minor,
        )
    except services.OrderNotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND) from None
    except DomainError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.post(
    "/{order_id}/place", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND | CONFLICT
)
async def place(order_id: UUID, customer_id: CustomerId, uow: Uow, clock: AppClock) -> None:
    try:
        await services.place_order(uow, clock, order_id=order_id, customer_id=customer_id)
    except services.OrderNotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND) from None
    except DomainError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


def create_app(
    uow_factory: Callable[[], UnitOfWork], clock: Clock, **fastapi_kwargs: Any
) -> FastAPI:
    """Composition root: the only place that decides which adapters are used."""
    app = FastAPI(**fastapi_kwargs)
    app.state.uow_factory = uow_factory
    app.state.clock = clock
    app.include_router(router)
    install_problem_handlers(app)
    document_problems(app)
    return app
