"""Operations: Prometheus metrics, request ids and the access log of the API.

One `ServerMetrics` per application, on its own registry (no process-global state, so tests
may build many apps). Counters and histograms are updated as requests pass; the gauges that
come from the database (applications per status, the feed head) are read when scraped.

Metrics (all prefixed `kiosk_`):
- `http_requests_total{route,method,status}`, `http_request_duration_seconds{route}`: by
  route TEMPLATE (`/api/v1/applications/{application_id}/...`), never by raw path, so ids do not
  blow up the label space and nothing about an application leaks into the metrics.
- `upload_bytes_total`: attachment bytes received in admitted chunk requests.
- `uploads_admitted_total`, `uploads_refused_total{reason}` (`device_limit` 429, `busy` 503).
- `uploads_in_flight`: chunk requests holding an upload slot now (this process).
- `feed_lag_seconds`: for every change a kiosk fetches, how long after the change it learnt it.
- `applications{status}`, `feed_head_cursor`: the queues, read from the database at scrape.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..request_ids import HEADER_REQUEST_ID, current_request_id, request_id_from

if TYPE_CHECKING:
    from prometheus_client import Metric

    from ..db import Database

log = logging.getLogger("kiosk.server.access")


class _DatabaseGauges(Collector):
    """Queue sizes read at scrape time; a database that is down yields no samples."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterable[Metric]:
        import sqlalchemy as sa

        from ..models import Application, FeedCounter

        try:
            with self.database.read() as session:
                counts = session.execute(
                    sa.select(Application.status, sa.func.count()).group_by(Application.status)
                ).all()
                head = session.execute(sa.select(FeedCounter.value)).scalar()
        except Exception:  # noqa: BLE001 - a scrape must answer while the database is down
            log.debug("metrics: database not readable", exc_info=True)
            return
        family = GaugeMetricFamily(
            "kiosk_applications", "application versions by status", labels=["status"]
        )
        for status, count in counts:
            family.add_metric([str(status)], float(count))
        yield family
        yield GaugeMetricFamily(
            "kiosk_feed_head_cursor", "cursor of the newest change in the feed", value=head or 0
        )


class ServerMetrics:
    def __init__(self, database: Database | None = None) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.requests = Counter(
            "kiosk_http_requests",
            "HTTP requests by route template, method and status",
            ["route", "method", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            "kiosk_http_request_duration_seconds",
            "time to answer, by route template",
            ["route"],
            registry=registry,
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
        )
        self.upload_bytes = Counter(
            "kiosk_upload_bytes", "attachment bytes received in admitted chunks", registry=registry
        )
        self.uploads_admitted = Counter(
            "kiosk_uploads_admitted", "chunk requests given an upload slot", registry=registry
        )
        self.uploads_refused = Counter(
            "kiosk_uploads_refused",
            "chunk requests refused an upload slot (device_limit: 429, busy: 503)",
            ["reason"],
            registry=registry,
        )
        self.uploads_in_flight = Gauge(
            "kiosk_uploads_in_flight", "chunk requests holding an upload slot", registry=registry
        )
        self.feed_lag = Histogram(
            "kiosk_feed_lag_seconds",
            "for each change fetched by a kiosk: seconds between the change and its delivery",
            registry=registry,
            buckets=(1, 10, 60, 300, 900, 3600, 6 * 3600, 24 * 3600, 3 * 24 * 3600),
        )
        if database is not None:
            registry.register(_DatabaseGauges(database))


class ObservabilityMiddleware:
    """Request id in, request id out, one access log line and the request metrics."""

    def __init__(self, app: ASGIApp, metrics: Callable[[], ServerMetrics]) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        raw = headers.get(HEADER_REQUEST_ID.lower().encode())
        request_id = request_id_from(raw.decode("latin-1") if raw else None)
        token = current_request_id.set(request_id)
        started = time.monotonic()
        status = 500

        async def tagged_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message = {
                    **message,
                    "headers": [
                        *message.get("headers", []),
                        (b"x-request-id", request_id.encode("latin-1")),
                    ],
                }
            await send(message)

        try:
            await self.app(scope, receive, tagged_send)
        finally:
            elapsed = time.monotonic() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            metrics = self.metrics()
            metrics.requests.labels(template, scope.get("method", ""), str(status)).inc()
            metrics.duration.labels(template).observe(elapsed)
            log.info(
                "%s %s %d %.0f ms",
                scope.get("method"),
                template,
                status,
                elapsed * 1000,
                extra={"request_id": request_id},
            )
            current_request_id.reset(token)
