"""Errors as RFC 9457 problem details, in the shape of mars:api-design-principles'
problem-details.schema.json: our HTTPExceptions, the framework's 404/405, request validation
(errors[], one locator each) and unexpected faults (500, generic detail).

Every problem names its occurrence: instance is urn:uuid:<request id>, the id the X-Request-ID
response header and the error log line carry. A service with request-id middleware and JSON logs
(mars:fastapi-templates) takes the id from that middleware instead.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
REQUEST_ID_HEADER = "X-Request-ID"
# RFC 9110 reason phrases where Python's HTTPStatus still has the RFC 7231 wording.
_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}
_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

error_log = logging.getLogger("orders.errors")


def _title(status_code: int) -> str:
    try:
        return _TITLES.get(status_code) or HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def _request_id(request: Request) -> str:
    """The caller's X-Request-ID when it is a UUID, else a new one: instance is a urn:uuid."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    try:
        return str(uuid.UUID(incoming)) if len(incoming) == 36 else str(uuid.uuid4())
    except ValueError:
        return str(uuid.uuid4())


def problem(
    request: Request,
    status_code: int,
    detail: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """type about:blank: the status says it all, so title is its reason phrase."""
    request_id = _request_id(request)
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _title(status_code),
        "status": status_code,
        "instance": f"urn:uuid:{request_id}",
    }
    if detail and detail != body["title"]:
        body["detail"] = detail
    body.update(extensions)
    return JSONResponse(
        body,
        status_code=status_code,
        headers={**(headers or {}), REQUEST_ID_HEADER: request_id},
        media_type=PROBLEM_JSON,
    )


def field_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Each Pydantic error as detail plus one locator: a JSON Pointer for the body, else the
    parameter or header name. The submitted input is never copied back."""
    shaped = []
    for err in errors:
        where, *path = err.get("loc") or ("body",)
        entry = {"detail": str(err.get("msg", "is invalid"))}
        if err.get("type") == "json_invalid":
            pass  # loc holds a character offset, not a member to point at
        elif where == "body":
            escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in path)
            entry["pointer"] = "#" + "".join(f"/{part}" for part in escaped)
        elif path:
            entry["header" if where == "header" else "parameter"] = str(path[0])
        shaped.append(entry)
    return shaped


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem(request, exc.status_code, detail, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        raw = exc.errors()
        errors = field_errors(raw)
        detail = f"{len(errors)} part(s) of the request failed validation."
        # Parse before validate: unreadable JSON or a malformed path, query or header value is a
        # 400; a body that parses but breaks the schema is a 422 (Unprocessable Content).
        unreadable = any(
            err.get("type") == "json_invalid" or (err.get("loc") or ("body",))[0] != "body"
            for err in raw
        )
        return problem(request, 400 if unreadable else 422, detail, errors=errors)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        response = problem(request, status.HTTP_500_INTERNAL_SERVER_ERROR)
        request_id = response.headers[REQUEST_ID_HEADER]
        error_log.error("unhandled error, request_id=%s", request_id, exc_info=exc)
        return response


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details; extension members are allowed.",
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "default": "about:blank"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string", "format": "uri-reference"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
    },
    "additionalProperties": True,
}
FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "pointer": {"type": "string", "pattern": "^#(/([^/~]|~[01])*)*$"},
        "parameter": {"type": "string"},
        "header": {"type": "string"},
    },
    "additionalProperties": False,
}


def document_problems(app: FastAPI) -> None:
    """Make the served and exported spec say what the handlers send: every 4xx and 5xx response
    is application/problem+json (the documenter's errors-use-problem-json rule), and every
    operation can answer 500."""
    build_default = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build_default()
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            # FastAPI's own 422 body; only the 422s rewritten below referred to them.
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
            schemas.update(Problem=PROBLEM_SCHEMA, FieldError=FIELD_ERROR_SCHEMA)
            for path_item in spec.get("paths", {}).values():
                for method, operation in path_item.items():
                    if method not in _METHODS:
                        continue
                    responses = operation.setdefault("responses", {})
                    fault = {"description": "Unexpected fault; quote its instance to support."}
                    responses.setdefault("500", fault)
                    for code, response in responses.items():
                        if code.startswith(("4", "5")):
                            response["content"] = {PROBLEM_JSON: {"schema": _PROBLEM_REF}}
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
