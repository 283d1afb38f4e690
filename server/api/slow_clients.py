"""Defences against slow clients: header and body time limits, a minimum body transfer rate,
and a cap on requests whose device credential has not been checked yet (issue 11, point 5).

The stall timeout of chunk uploads only drops links that stopped moving: a client dripping one
byte every few seconds stays under it and holds its upload slots (and a connection, and a
task) for as long as it likes. Three limits close that:

- `HeaderTimeoutH11Protocol` (uvicorn's h11 protocol plus a timer): the request line and
  headers must be complete within `header_timeout_seconds` of their first byte (or of the
  connection opening); otherwise 408 and the connection is closed.
- `SlowBodyMiddleware`: a request body must be complete within `body_timeout_seconds`, and
  after `body_rate_grace_seconds` it must keep arriving at `min_body_rate` bytes/s averaged
  over the last `body_rate_window_seconds`. A body falling behind is aborted where the handler
  reads it (408, connection closed), so an upload slot it held is released at once.
- `PreAuthGate`: at most `max_unauthenticated_requests` requests at once may be in flight
  without a checked device credential (enrollment, and every request until `device_context`
  has authenticated it); beyond that 503 + Retry-After before anything is read.

Per process, like the upload gate. A reverse proxy in front still bounds connections per
client address, which one process cannot see behind NAT (docs/security.md).
"""

from __future__ import annotations

import asyncio
import collections
import functools
import json
import threading
import time
from collections.abc import Callable, MutableMapping
from typing import Any

import h11
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from sync.protocol import HEADER_RETRY_AFTER, HEALTH_PATH, ErrorCode

from ..config import ServerSettings
from .backpressure import ComeBackClock

SCOPE_AUTHENTICATED = "kiosk.authenticated"
"""Scope key of the callable `device_context` calls once the credential is checked."""

_EXEMPT_PATHS = frozenset({HEALTH_PATH, "/healthz", "/readyz", "/metrics"})
"""Cheap, bodiless probes (load balancers, kiosks) are not counted against the cap."""


class BodyTooSlowError(HTTPException):
    """Raised from `receive` when a body is too slow: 408, and the connection is closed.

    An HTTPException so FastAPI's body parsing passes it through (as the body limit's).
    """

    def __init__(self, detail: str) -> None:
        super().__init__(status_code=408, detail=detail, headers={"connection": "close"})


class BodyPace:
    """Bytes of one body over time: when it must be complete, and when it is too slow."""

    def __init__(self, settings: ServerSettings, clock: Callable[[], float]) -> None:
        self.started = clock()
        self.total_deadline = self.started + settings.body_timeout_seconds
        self.rate_from = self.started + settings.body_rate_grace_seconds
        self.window = settings.body_rate_window_seconds
        self.needed = settings.min_body_rate * settings.body_rate_window_seconds
        self._samples: collections.deque[tuple[float, int]] = collections.deque()

    def add(self, now: float, size: int) -> None:
        if size:
            self._samples.append((now, size))
        while self._samples and self._samples[0][0] <= now - self.window:
            self._samples.popleft()

    def rate_deadline(self, now: float) -> float:
        """The earliest time at which, with no further byte, the window holds too few bytes."""
        if self.needed <= 0:
            return float("inf")
        held = sum(size for _, size in self._samples)
        if held < self.needed:
            return max(now, self.rate_from)
        for at, size in self._samples:  # oldest first: each expiry lowers the window's sum
            held -= size
            if held < self.needed:
                return max(now, self.rate_from, at + self.window)
        return max(now, self.rate_from)  # unreachable: held ends at 0 < needed

    def deadline(self, now: float) -> tuple[float, str]:
        rate = self.rate_deadline(now)
        if self.total_deadline <= rate:
            return self.total_deadline, "total"
        return rate, "rate"


class SlowBodyMiddleware:
    """Aborts request bodies that take too long in total or arrive below the minimum rate."""

    def __init__(
        self,
        app: ASGIApp,
        settings: ServerSettings,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.settings = settings
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        pace = BodyPace(self.settings, self.clock)
        finished = False
        started = False

        async def paced_receive() -> Message:
            nonlocal finished
            if finished:
                return await receive()
            now = self.clock()
            until, why = pace.deadline(now)
            try:
                async with asyncio.timeout(max(0.0, until - now)):
                    message = await receive()
            except TimeoutError:
                raise BodyTooSlowError(self._detail(why)) from None
            if message["type"] == "http.request":
                pace.add(self.clock(), len(message.get("body", b"")))
                if not message.get("more_body", False):
                    finished = True
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, paced_receive, tracked_send)
        except BodyTooSlowError as exc:
            if started:
                raise
            await _answer(send, 408, exc.detail, ErrorCode.STALLED, {"connection": "close"})

    def _detail(self, why: str) -> str:
        if why == "total":
            limit = self.settings.body_timeout_seconds
            return (
                f"Pengiriman data melebihi {limit:g} detik; kirim ulang / "
                f"request body took longer than {limit:g} s; send it again"
            )
        rate = self.settings.min_body_rate
        return (
            f"Pengiriman data terlalu lambat (di bawah {rate:g} byte/detik); kirim ulang / "
            f"request body slower than {rate:g} bytes/s; send it again"
        )


class PreAuthGate:
    """Counts requests in flight whose device credential is not checked yet."""

    def __init__(self, limit: int, come_back: ComeBackClock | None = None) -> None:
        self.limit = limit
        self.active = 0
        self.come_back = come_back or ComeBackClock(limit)
        self._lock = threading.Lock()

    def enter(self) -> Callable[[], None] | None:
        """A release callable (idempotent), or None when the cap is reached."""
        with self._lock:
            if self.active >= self.limit:
                return None
            self.active += 1
            entered = self.come_back.clock()
        released = False

        def release() -> None:
            nonlocal released
            with self._lock:
                if not released:
                    released = True
                    self.active -= 1
                    self.come_back.finished(self.come_back.clock() - entered)

        return release

    def retry_after(self) -> int:
        """Retry-After of one refusal now (server.api.backpressure.ComeBackClock)."""
        with self._lock:
            return self.come_back.refusal()


class PreAuthGateMiddleware:
    """503 + Retry-After when too many unauthenticated requests are in flight."""

    def __init__(self, app: ASGIApp, settings: ServerSettings) -> None:
        self.app = app
        limit = settings.max_unauthenticated_requests
        bounds = settings.retry_after_min_seconds, settings.retry_after_max_seconds
        self.gate = PreAuthGate(limit, ComeBackClock(limit, *bounds))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in _EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        release = self.gate.enter()
        if release is None:
            await _answer(
                send,
                503,
                "Server sedang sibuk; coba lagi sebentar / server busy; retry shortly",
                ErrorCode.OVERLOADED,
                {HEADER_RETRY_AFTER: str(self.gate.retry_after()), "connection": "close"},
            )
            return
        scope[SCOPE_AUTHENTICATED] = release
        try:
            await self.app(scope, receive, send)
        finally:
            release()


def mark_authenticated(scope: MutableMapping[str, Any]) -> None:
    """Called once a device credential is checked: the request stops counting as anonymous."""
    release = scope.get(SCOPE_AUTHENTICATED)
    if release is not None:
        release()


async def _answer(
    send: Send, status: int, detail: str, code: ErrorCode, headers: dict[str, str]
) -> None:
    payload = json.dumps({"detail": detail, "code": code.value}, ensure_ascii=False).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})


_HEADER_TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: 0\r\n\r\n"
)


class HeaderTimeoutH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, plus a limit on the time a request's headers may take.

    The timer starts when the connection opens and again at the first byte of each further
    request on a kept-alive connection; it stops once h11 has parsed the request head.
    """

    header_timeout_seconds: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE and self._header_timer is None:
            self._arm_header_timer()
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(
            self.header_timeout_seconds, self._header_timed_out
        )

    def _disarm_header_timer(self) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def _header_timed_out(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(_HEADER_TIMEOUT_ANSWER)
        self.transport.close()


def header_timeout_protocol(seconds: float) -> type[HeaderTimeoutH11Protocol]:
    """The protocol class for `uvicorn.run(http=...)` with this header time limit."""
    return type(
        "ConfiguredHeaderTimeoutH11Protocol",
        (HeaderTimeoutH11Protocol,),
        {"header_timeout_seconds": seconds},
    )


class EnvironmentHeaderTimeoutH11Protocol(HeaderTimeoutH11Protocol):
    """The same, importable by name for `serve --workers N`: the limit is read from the
    settings the parent process put in the environment (server.config.ENV_SETTINGS_JSON)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout_seconds = _environment_header_timeout()


@functools.cache
def _environment_header_timeout() -> float:
    import os

    from ..config import ENV_SETTINGS_JSON, settings_from_json

    text = os.environ.get(ENV_SETTINGS_JSON)
    return settings_from_json(text).header_timeout_seconds if text else 10.0
