"""Paging a work queue: 50 rows at a time in (received_at, pk) order, by keyset.

`next` and `previous` links carry the cursor of the page's last or first row, so the database
walks the (status, received_at, pk) index straight to it instead of counting past OFFSET
rows; a page number without a cursor (typed, or a link to a row with no received_at) still
pages by OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from .models import Application

PAGE_SIZE = 50


@dataclass(frozen=True)
class Cursor:
    """A row's place in the queue order (received_at, pk), as `next`/`previous` links carry it."""

    received_at: datetime
    pk: int

    def text(self) -> str:
        micros = (self.received_at - _EPOCH) // timedelta(microseconds=1)
        return f"{micros}.{self.pk}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """The cursor of a link, or None for anything malformed (the page number then rules)."""
        micros, _, pk = (text or "").partition(".")
        if not (micros.lstrip("-").isdigit() and pk.isdigit()) or len(text or "") > 40:
            return None
        try:
            return cls(_EPOCH + timedelta(microseconds=int(micros)), int(pk))
        except OverflowError:
            return None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def page_query(query: Any, after: Cursor | None, backward: bool, page: int) -> Any:
    """One page in (received_at, pk) order: after/before a cursor, or by OFFSET for a page
    number typed or linked without one. A cursor walks the (status, received_at, pk) index
    straight to its row, so page 100 costs what page 1 does."""
    key = (Application.received_at, Application.pk)
    cursor = after
    if cursor is None:
        query = query.order_by(*key).offset((page - 1) * PAGE_SIZE)
    elif backward:
        query = query.where(
            Application.received_at <= cursor.received_at,
            sa.or_(Application.received_at < cursor.received_at, Application.pk < cursor.pk),
        ).order_by(Application.received_at.desc(), Application.pk.desc())
    else:
        query = query.where(
            Application.received_at >= cursor.received_at,
            sa.or_(Application.received_at > cursor.received_at, Application.pk > cursor.pk),
        ).order_by(*key)
    return query.limit(PAGE_SIZE)


def cursor_of(app: Application | None) -> Cursor | None:
    """A row's cursor; None for a row with no received_at (its links fall back to OFFSET)."""
    if app is None or app.received_at is None:
        return None
    return Cursor(app.received_at, app.pk)
