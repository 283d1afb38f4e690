"""The one-request upload under back-pressure: 429/503 with Retry-After, 408 when stalled.

Both answers keep nothing (every row and every stored file, the harness's snapshot) and give
the upload slot back, exactly as for a chunk (tests/server/test_backpressure.py).
"""

from __future__ import annotations

import json

import pytest

from sync import protocol as P

from .backpressure_helpers import busy, put_then_go_quiet
from .builders import Application, Kiosk, documents
from .conftest import Harness


def _body(app: Application) -> bytes:
    manifest = json.dumps(app.manifest()).encode()
    return b"".join(P.encode_whole(manifest, [(d.sha256, d.data) for d in app.docs]))


def _headers(kiosk: Kiosk) -> dict[str, str]:
    return {**kiosk.headers, "Content-Type": P.WHOLE_CONTENT_TYPE}


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("device", 429, "rate_limited"), ("process", 503, "overloaded")],
)
def test_a_busy_server_answers_retry_after_and_keeps_nothing(
    server: Harness, kiosk: Kiosk, who: str, status: int, code: str
) -> None:
    app = Application(documents(20_000, 30_000))
    path = P.whole_path(app.application_id, app.version)
    before = server.snapshot()
    with busy(server, kiosk, who):
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
    app = Application(documents(20_000, 30_000))
    body = _body(app)
    path = P.whole_path(app.application_id, app.version)
    before = server.snapshot()
    headers = {**_headers(kiosk), "content-length": str(len(body))}
    sent = put_then_go_quiet(server, path, headers, body[: len(body) // 2])  # half way
    assert sent[0]["status"] == 408
    assert json.loads(sent[1]["body"])["code"] == "stalled"
    assert server.client.app.state.context.gate.active == 0
    assert server.snapshot() == before
