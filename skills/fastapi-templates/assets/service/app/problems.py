"""RFC 9457 problem details: the body's schema and its place in the OpenAPI document.

The handlers in app.main send every error as application/problem+json; this module makes the
exported spec say so, so a linter requiring problem+json on every 4xx and 5xx passes. The schema
is the one mars:api-design-principles ships (problem-details.schema.json), as OpenAPI components.
"""

from http import HTTPStatus
from typing import Any

from app.security import AUTH_ERRORS

PROBLEM_JSON = "application/problem+json"
_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# RFC 9110 reason phrases where older Python versions still use the RFC 7231 wording.
_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}

FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "What is wrong with this part of the request."},
        "pointer": {
            "type": "string",
            "description": (
                "JSON Pointer, in URI fragment form, to the offending member of the request body."
            ),
            "pattern": "^#(/([^/~]|~[01])*)*$",
            "examples": ["#/name", "#/items/0/quantity"],
        },
        "parameter": {
            "type": "string",
            "description": "Name of the offending query or path parameter.",
        },
        "header": {"type": "string", "description": "Name of the offending request header."},
    },
    "additionalProperties": False,
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem details (RFC 9457)",
    "description": (
        "Body of an application/problem+json response. Extension members are allowed; define "
        "them per problem type. Member names should start with a letter and use letters, "
        "digits and underscores (RFC 9457, section 3.2)."
    ),
    "type": "object",
    "properties": {
        "type": {
            "description": (
                "URI reference identifying the problem type; ideally it resolves to "
                "human-readable documentation. Absent means about:blank (no semantics beyond "
                "the status code)."
            ),
            "type": "string",
            "format": "uri-reference",
            "default": "about:blank",
            "examples": ["https://api.example.com/problems/validation", "about:blank"],
        },
        "title": {
            "description": (
                "Short summary of the problem type. Keep it the same for every occurrence of "
                "the type."
            ),
            "type": "string",
            "examples": ["Request body failed validation"],
        },
        "status": {
            "description": (
                "HTTP status code of this occurrence; advisory, and equal to the status line "
                "when present."
            ),
            "type": "integer",
            "minimum": 100,
            "maximum": 599,
            "examples": [422],
        },
        "detail": {
            "description": (
                "Explanation of this occurrence, written to help the client fix the request. "
                "No stack traces or internal identifiers."
            ),
            "type": "string",
            "examples": ["2 fields failed validation."],
        },
        "instance": {
            "description": (
                "URI reference identifying this occurrence: urn:uuid: followed by the request "
                "id, the value the X-Request-ID response header and the server's log lines "
                "carry. Set on every problem, so support can find the log lines."
            ),
            "type": "string",
            "format": "uri-reference",
            "examples": ["urn:uuid:6f1c2b1e-3a0e-4c55-9a7d-0b8e7c2f4a11"],
        },
        "errors": {
            "description": (
                "Extension member: individual validation failures, each pointing at the "
                "request part that caused it."
            ),
            "type": "array",
            "items": {"$ref": "#/components/schemas/FieldError"},
        },
    },
    "additionalProperties": True,
}


def reason(status_code: int) -> str:
    try:
        return _TITLES.get(status_code, HTTPStatus(status_code).phrase)
    except ValueError:
        return "Error"


def problem_response(status_code: int, description: str | None = None) -> dict[str, Any]:
    """One OpenAPI response whose body is a Problem."""
    return {
        "description": description or reason(status_code),
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def problem_responses(*described: tuple[int, str]) -> dict[int | str, dict[str, Any]]:
    """For a route's responses=: each error status its handler raises, with when it happens."""
    return {code: problem_response(code, description) for code, description in described}


# Headers that come with an auth error: the 401's challenge, a 503's retry hint.
_AUTH_ERROR_HEADERS = {
    401: ("WWW-Authenticate", "The challenge of the operation's security scheme (RFC 9110)."),
    503: ("Retry-After", "Seconds to wait before retrying."),
}


def _auth_error(status_code: int, description: str) -> dict[str, Any]:
    response = problem_response(status_code, description)
    if status_code in _AUTH_ERROR_HEADERS:
        name, text = _AUTH_ERROR_HEADERS[status_code]
        response["headers"] = {name: {"description": text, "schema": {"type": "string"}}}
    return response


def declare_problems(spec: dict[str, Any]) -> dict[str, Any]:
    """Document every error the handlers can send, in place: FastAPI's own 422 becomes a 400
    Problem, plus a 422 Problem where there is a body to validate; secured operations get the
    auth mode's errors (app.security.AUTH_ERRORS), and every operation gets the 500."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["FieldError"] = FIELD_ERROR_SCHEMA
    # Referenced only by the 422s replaced below; left in, they would be unused components.
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    for path_item in spec.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            # FastAPI adds a 422 wherever it validates input. The handler answers 400 for a bad
            # parameter or unreadable JSON, and 422 only for a parsed body that breaks the schema.
            if responses.pop("422", None) is not None:
                responses.setdefault(
                    "400", problem_response(400, "A malformed parameter or unreadable JSON body.")
                )
                if "requestBody" in operation:
                    responses["422"] = problem_response(
                        422, "The body failed validation; errors lists each failure."
                    )
            if operation.get("security"):
                for code, description in AUTH_ERRORS.items():
                    responses.setdefault(str(code), _auth_error(code, description))
            responses.setdefault("500", problem_response(500, "Unexpected fault; quote instance."))
            # The route takes If-Match as optional so a missing one is a 428, not a 400; the
            # contract still says clients must send it (mars:api-design-principles).
            if "428" in responses:
                for parameter in operation.get("parameters", []):
                    name = parameter.get("name", "").lower()
                    if parameter.get("in") == "header" and name == "if-match":
                        parameter["required"] = True
    return spec
