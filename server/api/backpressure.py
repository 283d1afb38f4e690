"""Back-pressure for attachment uploads: bounded concurrency instead of unbounded queues.

When 200 kiosks come back online together, queueing every chunk would hold ~1 MiB of memory
per waiting request and stretch latencies until clients time out and retry, making it worse.
Refusing early with Retry-After lets them back off (with jitter, on their side) and keeps the
requests that are admitted fast. Per process: N processes behind a load balancer admit N times
as many, which is the point of scaling out.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sync.protocol import HEADER_RETRY_AFTER

from ..errors import Overloaded, RateLimited

if TYPE_CHECKING:
    from .observability import ServerMetrics


class UploadGate:
    """Admission control for chunk uploads; used from the event loop thread only."""

    def __init__(
        self,
        max_total: int,
        max_per_device: int,
        retry_after_seconds: int,
        metrics: ServerMetrics | None = None,
    ) -> None:
        self.metrics = metrics
        self.max_total = max_total
        self.max_per_device = max_per_device
        self.retry_after_seconds = retry_after_seconds
        self.active = 0
        self._per_device: Counter[uuid.UUID] = Counter()

    @contextmanager
    def admit(self, device_id: uuid.UUID) -> Iterator[None]:
        """Holds one upload slot for the duration of the block.

        Raises:
            RateLimited: this device already has its share in flight (429).
            Overloaded: the process is at capacity (503).
        """
        headers = {HEADER_RETRY_AFTER: str(self.retry_after_seconds)}
        if self._per_device[device_id] >= self.max_per_device:
            self._count_refusal("device_limit")
            raise RateLimited(
                "Terlalu banyak unggahan bersamaan dari perangkat ini; coba lagi sebentar / "
                "too many parallel uploads from this device; retry shortly",
                headers=headers,
            )
        if self.active >= self.max_total:
            self._count_refusal("busy")
            raise Overloaded(
                "Server sedang sibuk; coba lagi sebentar / server busy; retry shortly",
                headers=headers,
            )
        self.active += 1
        self._per_device[device_id] += 1
        if self.metrics is not None:
            self.metrics.uploads_admitted.inc()
            self.metrics.uploads_in_flight.inc()
        try:
            yield
        finally:
            if self.metrics is not None:
                self.metrics.uploads_in_flight.dec()
            self.active -= 1
            self._per_device[device_id] -= 1
            if self._per_device[device_id] <= 0:
                del self._per_device[device_id]

    def _count_refusal(self, reason: str) -> None:
        if self.metrics is not None:
            self.metrics.uploads_refused.labels(reason).inc()
