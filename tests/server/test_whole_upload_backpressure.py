"""The one-request upload under back-pressure: 429/503 with Retry-After, 408 when stalled.

Both answers keep nothing (every row and every stored file, the harness's snapshot) and give
the upload slot back, exactly as for a chunk (tests/server/test_backpressure.py).
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from typing import Any

import anyio
import pytest

from server.api.backpressure import UploadGate
from sync import protocol as P

from .builders import Application, Kiosk, documents
from .conftest import Harness


def _body(app: Application) -> bytes:
    manifest = json.dumps(app.manifest()).encode()
    return b"".join(P.encode_whole(manifest, [(d.sha256, d.data) for d in app.docs]))


def _headers(kiosk: Kiosk) -> dict[str, str]:
    return {**kiosk.headers, "Content-Type": P.WHOLE_CONTENT_TYPE}


@pytest.mark.parametrize(
    ("busy", "status", "code"),
    [("device", 429, "rate_limited"), ("process", 503, "overloaded")],
)
def test_a_busy_server_answers_retry_after_and_keeps_nothing(
    server: Harness, kiosk: Kiosk, busy: str, status: int, code: str
) -> None:
    app = Application(documents(20_000, 30_000))
    path = P.whole_path(app.application_id, app.version)
    gate: UploadGate = server.client.app.state.context.gate
    holder = kiosk.device_id if busy == "device" else uuid.uuid4()
    before = server.snapshot()
    with gate.admit(holder):
        if busy == "process":
            gate.max_total = 1
        else:
            gate.max_per_device = 1
        response = server.client.put(path, content=_body(app), headers=_headers(kiosk))
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert int(response.headers[P.HEADER_RETRY_AFTER]) > 0
    assert server.snapshot() == before
    again = server.client.put(path, content=_body(app), headers=_headers(kiosk))
    assert again.status_code == 201, again.text  # the slot is free again
    assert again.json()["status"] == "received"


def test_a_stalled_body_is_dropped_keeps_nothing_and_frees_its_slot(
    server: Harness, kiosk: Kiosk
) -> None:
    """Driven at the ASGI level: the test client cannot send half a body and then go quiet."""
    app = Application(documents(20_000, 30_000))
    body = _body(app)
    path = P.whole_path(app.application_id, app.version)
    context = server.client.app.state.context
    context.settings = dataclasses.replace(context.settings, stall_timeout_seconds=0.2)
    before = server.snapshot()
    headers = {**_headers(kiosk), "content-length": str(len(body))}
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
    first = True

    async def receive() -> dict[str, Any]:
        nonlocal first
        if first:
            first = False
            return {"type": "http.request", "body": body[: len(body) // 2], "more_body": True}
        await anyio.sleep(3600)  # the link went quiet half way
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def call() -> None:
        await server.client.app(scope, receive, send)

    anyio.run(call)
    assert sent[0]["status"] == 408
    assert json.loads(sent[1]["body"])["code"] == "stalled"
    assert context.gate.active == 0
    assert server.snapshot() == before
