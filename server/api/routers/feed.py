"""The office's status feed: ``GET /changes``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sync.protocol import API_PREFIX, CURSOR_PATTERN, FEED_PAGE_DEFAULT, FEED_PAGE_MAX, ChangesPage

from ... import feed
from ...models import utc_now
from ..deps import Context, Device
from ..error_bodies import error_responses

router = APIRouter(prefix=API_PREFIX)


@router.get(
    "/changes", responses=error_responses(400, 401, 403, 404, 408, 409, 413, 416, 422, 429, 503)
)
def changes(
    context: Context,
    device: Device,
    since: Annotated[str, Query(pattern=CURSOR_PATTERN, max_length=18)] = "",
    limit: Annotated[int, Query(ge=1, le=FEED_PAGE_MAX)] = FEED_PAGE_DEFAULT,
) -> ChangesPage:
    """Status changes of the device's office after `since`, oldest first."""
    page = feed.list_changes(context.database, device.office_code, since, limit)
    now = utc_now()
    for entry in page.entries:
        context.metrics.feed_lag.observe(max(0.0, (now - entry.changed_at).total_seconds()))
    return page
