"""Signed, opaque keyset cursors, per mars:api-design-principles (pagination).

A cursor is `<key id>.<payload>.<signature>`. The payload holds the position (the sort values of
the last row returned and its id, the tiebreaker), the sort key and a fingerprint of the filters
it was issued for, a format version and the issue time; HMAC-SHA256 signs the key id and the
payload under APP_CURSOR_SECRET. Each of these is a 400: a forged, altered, expired or malformed
cursor, one signed with a key no longer accepted, and one sent with another sort or other filters
than the query it came from (the caller's own scope counts as a filter).
"""

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import HTTPException, status

CURSOR_TTL = timedelta(hours=24)
CURSOR_VERSION = 1

Position = tuple[datetime, uuid.UUID]


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What a cursor is bound to: the sort key and every filter (name -> values).

    A list endpoint builds one from its parameters and the caller's scope. Passing a cursor with
    any other sort or filters is refused, so changing either starts again from the first page.
    """

    sort: str
    filters: Mapping[str, Sequence[str]]

    def filters_fingerprint(self) -> str:
        # Order-free: ?status=a&status=b and ?status=b&status=a are the same filter.
        canonical = json.dumps(
            {name: sorted(values) for name, values in self.filters.items()},
            sort_keys=True,
            separators=(",", ":"),
        )
        return _b64(hashlib.sha256(canonical.encode()).digest()[:16])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(signed: str, key: bytes) -> str:
    return _b64(hmac.new(key, signed.encode(), hashlib.sha256).digest())


def key_id(key: bytes) -> str:
    """Names a signing key without revealing it, so a rotated key can still verify its cursors."""
    return _b64(hashlib.sha256(b"cursor-key-id\x00" + key).digest()[:6])


def encode_cursor(
    position: Position, query: ListQuery, key: bytes, *, now: datetime | None = None
) -> str:
    created_at, row_id = position
    payload = {
        "v": CURSOR_VERSION,
        "sort": query.sort,
        "filters": query.filters_fingerprint(),
        "after": [created_at.isoformat(), str(row_id)],
        "iat": (now or datetime.now(UTC)).isoformat(),
    }
    signed = f"{key_id(key)}.{_b64(json.dumps(payload, separators=(',', ':')).encode())}"
    return f"{signed}.{_sign(signed, key)}"


def _invalid(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, f"Invalid cursor: {reason}")


def decode_cursor(cursor: str, query: ListQuery, keys: Sequence[bytes]) -> Position:
    """The position after which the next page starts. ``keys``: the signing key first, then any
    retired key still accepted (Settings.cursor_keys)."""
    try:
        kid, body, signature = cursor.split(".")
    except ValueError:
        raise _invalid("malformed") from None
    key = next((candidate for candidate in keys if key_id(candidate) == kid), None)
    if key is None:
        raise _invalid("signed with a key that is no longer accepted")
    # Bytes on both sides: compare_digest refuses non-ASCII text, which a client can send.
    expected = _sign(f"{kid}.{body}", key).encode()
    if not hmac.compare_digest(signature.encode("utf-8", "replace"), expected):
        raise _invalid("signature does not match")
    try:
        payload = json.loads(_unb64(body))
        created_raw, id_raw = payload["after"]
        created_at = datetime.fromisoformat(created_raw)
        row_id = uuid.UUID(id_raw)
        issued_at = datetime.fromisoformat(payload["iat"])
        sort, filters = payload["sort"], payload["filters"]
    except (ValueError, TypeError, KeyError, AttributeError):
        raise _invalid("unreadable") from None
    if payload.get("v") != CURSOR_VERSION or created_at.tzinfo is None or issued_at.tzinfo is None:
        raise _invalid("unreadable")
    if sort != query.sort or filters != query.filters_fingerprint():
        raise _invalid("it does not match this query (sort or filters changed)")
    if datetime.now(UTC) - issued_at > CURSOR_TTL:
        raise _invalid("expired")
    return created_at, row_id
