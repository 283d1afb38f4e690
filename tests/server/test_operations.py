"""Operations endpoints: /healthz, /readyz, /metrics, and request ids in answers and logs."""

from __future__ import annotations

import logging
import uuid
import warnings
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from server.api.app import create_app
from server.api.backpressure import ComeBackClock, UploadGate
from server.api.observability import ServerMetrics
from server.errors import Overloaded, RateLimited
from sync import protocol as P

from .builders import Application, Kiosk, documents, submit
from .conftest import Harness

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient


@pytest.fixture(params=["local", "s3"])
def storage_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def loopback(server: Harness) -> Iterator[TestClient]:
    """A client that the server sees as 127.0.0.1 (Prometheus on the same host)."""
    app = server.client.app
    with TestClient(app, client=("127.0.0.1", 40000)) as client:
        yield client


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_healthz_and_readyz_answer_when_everything_is_up(server: Harness) -> None:
    assert server.client.get("/healthz").json() == {"status": "ok"}
    ready = server.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "database": True, "storage": True}


def test_metrics_count_requests_uploads_queues_and_feed_lag(
    server: Harness, kiosk: Kiosk, loopback: TestClient
) -> None:
    doc = documents(1500)[0]
    submit(server.client, kiosk, Application([doc]))
    assert server.client.get(P.CHANGES_PATH, headers=kiosk.headers).status_code == 200
    response = loopback.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = samples(response.text)
    chunk_route = "/api/v1/applications/{application_id}/versions/{version}/attachments/{sha256}"
    key = (
        "kiosk_http_requests_total",
        (("method", "PUT"), ("route", chunk_route), ("status", "200")),
    )
    assert found[key] >= 1
    assert found[("kiosk_upload_bytes_total", ())] == 1500
    assert found[("kiosk_uploads_admitted_total", ())] >= 1
    assert found[("kiosk_uploads_in_flight", ())] == 0
    assert found[("kiosk_applications", (("status", "received"),))] == 1
    assert found[("kiosk_feed_head_cursor", ())] == 1
    assert found[("kiosk_feed_lag_seconds_count", ())] == 1
    assert not any(str(kiosk.device_id) in name for name, _ in found)  # route templates only


def test_metrics_are_hidden_from_other_addresses(server: Harness) -> None:
    # Starlette's test client presents itself as "testclient": not loopback, not allowed.
    response = server.client.get("/metrics")
    assert response.status_code == 404
    assert "kiosk_" not in response.text


def test_upload_refusals_are_counted_by_reason() -> None:
    metrics = ServerMetrics()
    gate = UploadGate(
        max_total=1, max_per_device=1, come_back=ComeBackClock(1, 5, 5), metrics=metrics
    )
    one, two = uuid.uuid4(), uuid.uuid4()
    with gate.admit(one):
        with pytest.raises(RateLimited), gate.admit(one):
            pass
        with pytest.raises(Overloaded), gate.admit(two):
            pass
    value = metrics.registry.get_sample_value
    assert value("kiosk_uploads_admitted_total") == 1
    assert value("kiosk_uploads_refused_total", {"reason": "device_limit"}) == 1
    assert value("kiosk_uploads_refused_total", {"reason": "busy"}) == 1
    assert value("kiosk_uploads_in_flight") == 0


def test_every_answer_carries_a_request_id_that_the_log_lines_share(
    server: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    fresh = server.client.get(P.HEALTH_PATH)
    assert len(fresh.headers["x-request-id"]) == 32
    given = server.client.get(P.HEALTH_PATH, headers={"X-Request-Id": "nginx-4f2a9c1e"})
    assert given.headers["x-request-id"] == "nginx-4f2a9c1e"
    hostile = server.client.get(P.HEALTH_PATH, headers={"X-Request-Id": "a\tb<script>"})
    assert hostile.headers["x-request-id"] != "a\tb<script>"
    access = [r for r in caplog.records if r.name == "kiosk.server.access"][-3:]
    assert all(r.getMessage().startswith("GET /api/v1/health 200 ") for r in access)
    ids = [getattr(r, "request_id", None) for r in access]
    assert ids == [fresh.headers["x-request-id"], "nginx-4f2a9c1e", hostile.headers["x-request-id"]]


def test_the_json_log_line_names_the_request(capsys: pytest.CaptureFixture[str]) -> None:
    from server.cli import _JsonFormatter
    from server.request_ids import RequestIdFilter, current_request_id

    record = logging.LogRecord("kiosk.server.api", logging.INFO, __file__, 1, "hello", (), None)
    token = current_request_id.set("req-12345678")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    line = _JsonFormatter().format(record)
    assert '"request_id": "req-12345678"' in line


def test_create_app_builds_metrics_per_application(server: Harness) -> None:
    other = create_app(server.settings, server.database)
    assert (
        other.state.context.metrics.registry is not server.client.app.state.context.metrics.registry
    )
