"""Back-pressure for attachment uploads: bounded concurrency instead of unbounded queues.

When 200 kiosks come back online together, queueing every chunk would hold ~1 MiB of memory
per waiting request and stretch latencies until clients time out and retry, making it worse.
Refusing early with Retry-After lets them back off (with jitter, on their side) and keeps the
requests that are admitted fast. Per process: N processes behind a load balancer admit N times
as many, which is the point of scaling out.

Between the two, a short wait: a chunk request that finds every slot taken waits up to
`max_wait` seconds for one (its body is not read yet, so waiting costs no memory), and only
then, or when `max_waiting` requests already wait, is sent away for Retry-After seconds. Under
a herd a slot frees every few milliseconds; bouncing the request that came a moment too early
left slots idle while its kiosk slept.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
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
        *,
        max_wait: float = 0.0,
        max_waiting: int | None = None,
    ) -> None:
        self.metrics = metrics
        self.max_total = max_total
        self.max_per_device = max_per_device
        self.retry_after_seconds = retry_after_seconds
        self.max_wait = max_wait
        self.max_waiting = max_total * 4 if max_waiting is None else max_waiting
        self.active = 0
        self._per_device: Counter[uuid.UUID] = Counter()
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    @asynccontextmanager
    async def admit_waiting(self, device_id: uuid.UUID) -> AsyncIterator[None]:
        """`admit`, after waiting up to `max_wait` seconds for a free slot (event loop only)."""
        if self._per_device[device_id] < self.max_per_device and self.max_wait > 0:
            await self._wait_for_slot()
        with self.admit(device_id):
            yield

    async def _wait_for_slot(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.max_wait
        while self.active >= self.max_total and len(self._waiters) < self.max_waiting:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, remaining)
            except TimeoutError:
                return
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)

    def _wake_one(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

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
            self._wake_one()

    def _count_refusal(self, reason: str) -> None:
        if self.metrics is not None:
            self.metrics.uploads_refused.labels(reason).inc()
