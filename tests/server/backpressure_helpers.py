"""Back-pressure as a kiosk meets it: an upload gate already full, a body that goes quiet."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anyio

from server.api.backpressure import UploadGate

from .builders import Kiosk
from .conftest import Harness


@contextmanager
def busy(server: Harness, kiosk: Kiosk, who: str) -> Iterator[None]:
    """The gate full for `who`: "device" (the kiosk holds its one slot, 429) or "process"
    (another device holds the server's one slot, 503)."""
    gate: UploadGate = server.client.app.state.context.gate
    holder = kiosk.device_id if who == "device" else uuid.uuid4()
    with gate.admit(holder):
        if who == "process":
            gate.max_total = 1
        else:
            gate.max_per_device = 1
        yield


def put_then_go_quiet(
    server: Harness, path: str, headers: dict[str, str], first: bytes
) -> list[dict[str, Any]]:
    """What the server sends to a PUT whose body stops after `first` (0.2 s stall timeout).

    Driven at the ASGI level: the test client cannot send half a body and then go quiet.
    """
    context = server.client.app.state.context
    context.settings = dataclasses.replace(context.settings, stall_timeout_seconds=0.2)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict[str, Any]] = []
    more = True

    async def receive() -> dict[str, Any]:
        nonlocal more
        if more:
            more = False
            return {"type": "http.request", "body": first, "more_body": True}
        await anyio.sleep(3600)  # the link went quiet
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def call() -> None:
        await server.client.app(scope, receive, send)

    anyio.run(call)
    return sent
