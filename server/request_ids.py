"""The request id of the request being handled, for every log line it causes.

A context variable, so it follows the request into the thread pool (anyio copies the context)
and never leaks between requests. The API sets it (server.api.observability); the logging
filter below puts it on every record, and the JSON log format prints it.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

HEADER_REQUEST_ID = "X-Request-Id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

current_request_id: ContextVar[str | None] = ContextVar("kiosk_request_id", default=None)


def request_id_from(header: str | None) -> str:
    """A proxy's id when it is a safe token (nginx's $request_id), otherwise a fresh one."""
    if header and _SAFE_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (None outside a request) to every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
