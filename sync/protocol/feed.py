"""The per-office status feed (request 4): what verifiers decided, oldest first."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final
from uuid import UUID

from pydantic import Field

from kiosk.contract import FIX_TARGET_PATTERN as FIX_TARGET_PATTERN
from kiosk.contract import ApplicationStatus
from kiosk.contract import fix_target_marker as fix_target_marker
from kiosk.contract import fix_targets as fix_targets

from .base import API_PREFIX, Strict

FEED_PAGE_DEFAULT: Final = 200
FEED_PAGE_MAX: Final = 1000
CURSOR_PATTERN: Final = r"^[0-9]{0,18}$"
Cursor = Annotated[str, Field(pattern=CURSOR_PATTERN, max_length=18)]

CHANGES_PATH: Final = f"{API_PREFIX}/changes"


class ChangeEntry(Strict):
    """One status change in the office's feed, e.g. a rejection with what to fix."""

    cursor: Cursor
    application_id: UUID
    version: int
    number: str
    status: ApplicationStatus
    reason: str | None = None
    fix: str | None = None
    changed_at: datetime


class ChangesPage(Strict):
    entries: list[ChangeEntry]
    cursor: Cursor = Field(description="pass back as ?since= next time")
    has_more: bool
