"""Signed, opaque keyset cursors, per mars:api-design-principles (pagination).

A cursor carries the sort values of the last row returned and when it was issued, signed with
HMAC-SHA256 under APP_CURSOR_SECRET. A forged, altered, expired or malformed cursor is a 400.
"""

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime, timedelta

from fastapi import HTTPException, status

CURSOR_TTL = timedelta(hours=24)
CURSOR_VERSION = 1


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(body: bytes, secret: bytes) -> str:
    return _b64(hmac.new(secret, body, hashlib.sha256).digest())


def encode_cursor(
    created_at: datetime, row_id: uuid.UUID, secret: bytes, *, now: datetime | None = None
) -> str:
    issued = (now or datetime.now(UTC)).isoformat()
    body = json.dumps(
        {"v": CURSOR_VERSION, "k": [created_at.isoformat(), str(row_id)], "iat": issued},
        separators=(",", ":"),
    ).encode()
    return f"{_b64(body)}.{_sign(body, secret)}"


def _invalid(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, f"Invalid cursor: {reason}")


def decode_cursor(cursor: str, secret: bytes) -> tuple[datetime, uuid.UUID]:
    try:
        body_part, signature = cursor.split(".", 1)
        body = _unb64(body_part)
    except ValueError:  # covers binascii.Error and a missing separator
        raise _invalid("malformed") from None
    if not hmac.compare_digest(signature, _sign(body, secret)):
        raise _invalid("signature does not match")
    try:
        payload = json.loads(body)
        created_raw, id_raw = payload["k"]
        created_at = datetime.fromisoformat(created_raw)
        row_id = uuid.UUID(id_raw)
        issued_at = datetime.fromisoformat(payload["iat"])
    except (ValueError, TypeError, KeyError):
        raise _invalid("unreadable") from None
    if payload.get("v") != CURSOR_VERSION or created_at.tzinfo is None or issued_at.tzinfo is None:
        raise _invalid("unreadable")
    if datetime.now(UTC) - issued_at > CURSOR_TTL:
        raise _invalid("expired")
    return created_at, row_id
