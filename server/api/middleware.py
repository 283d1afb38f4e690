"""ASGI middleware: request body limits, the API marker header, and the last-resort guard.

Written as plain ASGI (not BaseHTTPMiddleware) so the body limit acts on the byte stream:
a request announcing too many bytes is refused before one is read, and a chunked request
that keeps sending is cut off as soon as it passes the limit. Nothing is buffered beyond it.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import (
    API_VERSION,
    HEADER_API,
    MAX_CHUNK_BYTES,
    MAX_JSON_BODY_BYTES,
    MAX_WHOLE_BODY_BYTES,
    ErrorCode,
)

log = logging.getLogger("kiosk.server.api")

_CHUNK_PATH = re.compile(r"/attachments/[^/]*$")
_WHOLE_PATH = re.compile(r"/versions/[^/]*/whole$")


class BodyTooLargeError(HTTPException):
    """Raised from `receive`; an HTTPException so FastAPI's body parsing passes it through."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            status_code=413,
            detail=f"Data terlalu besar (maks. {limit} byte) / body too large (max {limit} bytes)",
        )


def body_limit_for(scope: Scope) -> int:
    """Attachment chunks may carry MAX_CHUNK_BYTES, a whole application MAX_WHOLE_BODY_BYTES;
    everything else is small JSON."""
    if scope.get("method") == "PUT" and _CHUNK_PATH.search(scope.get("path", "")):
        return MAX_CHUNK_BYTES
    if scope.get("method") == "PUT" and _WHOLE_PATH.search(scope.get("path", "")):
        return MAX_WHOLE_BODY_BYTES
    return MAX_JSON_BODY_BYTES


async def send_json(send: Send, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})


class BodyLimitMiddleware:
    """Refuses (413) bodies over the route's limit, announced or streamed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit_for(scope)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or len(declared) > 15:
                await send_json(
                    send,
                    400,
                    {
                        "detail": "Content-Length tidak sah / bad Content-Length",
                        "code": "invalid_request",
                    },
                    {},
                )
                return
            if int(declared) > limit:
                error = BodyTooLargeError(limit)
                body = {"detail": error.detail, "code": ErrorCode.BODY_TOO_LARGE.value}
                await send_json(send, 413, body, {"connection": "close"})
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        await self.app(scope, limited_receive, send)


JSON_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = (
    b"default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
    b"style-src https://cdn.jsdelivr.net; img-src https://fastapi.tiangolo.com data:; "
    b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
"""/docs (Swagger UI) loads its script and CSS from a CDN and starts with an inline script;
nothing else is HTML. Everything else is JSON or empty, and may load nothing at all."""
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response's headers plus ours; ours win (a handler cannot weaken them)."""
    ours = {name for name, _ in SECURITY_HEADERS} | {b"content-security-policy"}
    kept = [(name, value) for name, value in headers if name.lower() not in ours]
    content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
    csp = DOCS_CSP if content_type.startswith(b"text/html") else JSON_CSP
    return [*kept, *SECURITY_HEADERS, (b"content-security-policy", csp)]


class ApiMarkerMiddleware:
    """Stamps every response with HEADER_API and the security headers; turns any escaped
    exception into a JSON 500.

    The API header is how a kiosk tells our answers from a captive portal's. Security
    headers go on EVERY answer, errors and 413s from the body limit included: API answers
    carry citizen-adjacent data and must never be cached or sniffed. The guard logs the
    exception type and code location only: exception messages (SQL errors echo their
    parameters) may carry citizen data, which must never reach a log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def marked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = with_security_headers(list(message.get("headers", [])))
                headers.append((HEADER_API.lower().encode(), str(API_VERSION).encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, marked_send)
        except HTTPException as exc:  # e.g. a body limit hit outside FastAPI's handlers
            if started:
                raise
            code = ErrorCode.BODY_TOO_LARGE if exc.status_code == 413 else ErrorCode.INVALID_REQUEST
            await send_json(
                marked_send, exc.status_code, {"detail": exc.detail, "code": code.value}, {}
            )
        except Exception as exc:  # noqa: BLE001 - the last line of defence must catch all
            where = traceback.extract_tb(exc.__traceback__)[-1]
            log.error(
                "unexpected %s at %s:%s (%s %s)",
                type(exc).__name__,
                where.filename.rsplit("/", 1)[-1],
                where.lineno,
                scope.get("method"),
                scope.get("path"),
            )
            if started:
                raise
            await send_json(
                marked_send,
                500,
                {
                    "detail": "Kesalahan server; coba lagi nanti / server error; try again later",
                    "code": ErrorCode.INTERNAL.value,
                },
                {},
            )
