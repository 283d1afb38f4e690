"""Security headers on every answer, per-device rate limits, and the token bucket itself."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.api.ratelimit import TokenBuckets
from server.config import ServerSettings
from server.db import Database
from sync import protocol as P

from .builders import Application, Kiosk, documents, put_chunk
from .conftest import Harness, make_harness

EVERYWHERE = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


def test_every_answer_carries_the_security_headers(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(2000))
    answers = {
        "health": server.client.get(P.HEALTH_PATH),
        "manifest 201": server.client.put(app.path, json=app.manifest(), headers=kiosk.headers),
        "chunk 200": put_chunk(server.client, kiosk, app, app.docs[0], 0, 999),
        "head": server.client.head(app.attachment_path(app.docs[0]), headers=kiosk.headers),
        "401": server.client.get(P.CHANGES_PATH),
        "404": server.client.get("/tidak-ada"),
        "405": server.client.delete(app.path, headers=kiosk.headers),
        "413 (middleware)": server.client.put(
            app.path, content=b"x" * (P.MAX_JSON_BODY_BYTES + 1), headers=kiosk.headers
        ),
        "422": server.client.put(app.path, json={}, headers=kiosk.headers),
        "openapi": server.client.get("/openapi.json"),
    }
    for name, response in answers.items():
        for header, value in EVERYWHERE.items():
            assert response.headers.get(header) == value, (name, header)
        assert response.headers["content-security-policy"].startswith("default-src 'none'"), name
        assert response.headers[P.HEADER_API] == "1", name
    docs = server.client.get("/docs")
    assert docs.status_code == 200
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]
    assert server.client.get("/redoc").status_code == 404


@pytest.fixture
def strict_server(settings: ServerSettings, database: Database) -> Iterator[Harness]:
    tight = dataclasses.replace(
        settings, device_rate=0.05, device_burst=5, enroll_rate=0.01, enroll_burst=3
    )
    yield from make_harness(tight, database)


def test_a_device_over_its_rate_gets_429_with_retry_after(strict_server: Harness) -> None:
    noisy, quiet = strict_server.enroll(), strict_server.enroll(name="loket 2")
    answers = [strict_server.client.get(P.CHANGES_PATH, headers=noisy.headers) for _ in range(7)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    assert answers[-1].json()["code"] == "rate_limited"
    assert int(answers[-1].headers[P.HEADER_RETRY_AFTER]) >= 1
    # Buckets are per device: the quiet one is unaffected.
    assert strict_server.client.get(P.CHANGES_PATH, headers=quiet.headers).status_code == 200


def test_forged_requests_do_not_drain_a_real_devices_bucket(strict_server: Harness) -> None:
    real = strict_server.enroll()
    forged = Kiosk(real.device_id, f"{real.device_id}.{'A' * 43}", real.office_code)
    for _ in range(10):
        assert strict_server.client.get(P.CHANGES_PATH, headers=forged.headers).status_code == 401
    assert strict_server.client.get(P.CHANGES_PATH, headers=real.headers).status_code == 200


def test_enrollment_attempts_are_limited_per_address(strict_server: Harness) -> None:
    body = {"device_id": str(uuid.uuid4()), "code": "0000-0000-0000", "device_name": "x"}
    statuses = [strict_server.client.post(P.ENROLL_PATH, json=body).status_code for _ in range(4)]
    assert statuses == [403, 403, 403, 429]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@settings(max_examples=200, deadline=None)
@given(
    rate=st.floats(0.1, 50),
    burst=st.integers(1, 50),
    gaps=st.lists(st.floats(0, 5), min_size=1, max_size=80),
)
def test_a_bucket_never_admits_more_than_burst_plus_rate_times_time(
    rate: float, burst: int, gaps: list[float]
) -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate, burst, clock)
    admitted = 0
    for gap in gaps:
        clock.now += gap
        wait = buckets.take("perangkat")
        if wait == 0:
            admitted += 1
        else:
            assert 0 < wait <= 1 / rate + 1e-9
    assert admitted <= burst + rate * clock.now + 1e-6


def test_a_waiting_device_is_admitted_after_the_advertised_wait() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(2.0, 1, clock)
    assert buckets.take("a") == 0
    wait = buckets.take("a")
    assert wait == pytest.approx(0.5)
    clock.now += wait
    assert buckets.take("a") == 0
    assert buckets.take("b") == 0
