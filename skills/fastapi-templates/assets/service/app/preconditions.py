"""Conditional updates (RFC 9110 section 13) and the merge-patch media type (RFC 7396).

Every mutable resource sends a strong ETag built from its version column. PATCH and DELETE
must send If-Match with that value: missing is a 428, stale is a 412 that carries the current
ETag, so the client re-reads, reapplies its change and resends.
"""

from typing import Annotated, Any

from fastapi import Header, HTTPException, Request, status

from app.problems import problem_responses

MERGE_PATCH_JSON = "application/merge-patch+json"

IfMatch = Annotated[
    str | None,
    Header(
        description="The ETag from your last read of this resource. Required: 428 without it.",
        examples=['"3"'],
    ),
]

PRECONDITION_ERRORS = problem_responses(
    (412, "If-Match does not match the current ETag: re-read, reapply, resend."),
    (428, "If-Match is missing."),
)
MERGE_PATCH_ERRORS = problem_responses((415, f"The body is not {MERGE_PATCH_JSON}."))
ETAG_HEADER: dict[str, Any] = {
    "ETag": {
        "description": "Strong validator; send it back as If-Match.",
        "schema": {"type": "string"},
    }
}


def etag(version: int) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """Strong comparison: weak validators (W/"...") never match; "*" matches any current state."""
    current = etag(version)
    if if_match is None:
        raise HTTPException(
            status.HTTP_428_PRECONDITION_REQUIRED,
            "Send If-Match with the ETag from your last read of this resource.",
        )
    candidates = {tag.strip() for tag in if_match.split(",")}
    if "*" not in candidates and current not in candidates:
        raise stale(current)


def stale(current: str | None) -> HTTPException:
    headers = {"ETag": current} if current else None
    return HTTPException(
        status.HTTP_412_PRECONDITION_FAILED,
        "The resource changed since you read it: fetch it again, reapply your change, resend.",
        headers=headers,
    )


def require_merge_patch(request: Request) -> None:
    """FastAPI parses any JSON media type; PATCH accepts only merge patch (415 otherwise)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != MERGE_PATCH_JSON:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            f"Send the changes as {MERGE_PATCH_JSON} (RFC 7396).",
            headers={"Accept-Patch": MERGE_PATCH_JSON},
        )
