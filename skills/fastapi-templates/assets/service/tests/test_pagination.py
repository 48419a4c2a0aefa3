"""The cursor format: round trip, query binding and key rotation, without HTTP or a database."""

import secrets
import uuid
from datetime import UTC, datetime

import pytest
from fastapi import HTTPException
from pydantic import SecretStr

from app.pagination import ListQuery, decode_cursor, encode_cursor
from app.settings import Settings

QUERY = ListQuery(
    sort="-created_at", filters={"owner_id": ["alice"], "status": ["active", "paused"]}
)


def test_cursor_round_trip_returns_the_position(settings: Settings) -> None:
    position = (datetime.now(UTC), uuid.uuid4())
    keys = settings.cursor_keys()
    assert decode_cursor(encode_cursor(position, QUERY, keys[0]), QUERY, keys) == position


def test_filters_in_another_order_are_the_same_query(settings: Settings) -> None:
    reordered = ListQuery(
        sort="-created_at", filters={"status": ["paused", "active"], "owner_id": ["alice"]}
    )
    position = (datetime.now(UTC), uuid.uuid4())
    keys = settings.cursor_keys()
    assert decode_cursor(encode_cursor(position, QUERY, keys[0]), reordered, keys) == position


def test_a_retired_key_verifies_until_it_is_removed(settings: Settings) -> None:
    retired = SecretStr(secrets.token_urlsafe(48))
    rotating = settings.model_copy(update={"cursor_previous_secret": retired})
    position = (datetime.now(UTC), uuid.uuid4())
    cursor = encode_cursor(position, QUERY, retired.get_secret_value().encode())

    assert decode_cursor(cursor, QUERY, rotating.cursor_keys()) == position
    with pytest.raises(HTTPException) as refused:
        decode_cursor(cursor, QUERY, settings.cursor_keys())
    assert refused.value.status_code == 400
    assert "no longer accepted" in refused.value.detail
