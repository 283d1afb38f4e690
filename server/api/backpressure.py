"""Back-pressure for attachment uploads: bounded concurrency instead of unbounded queues.

When 200 kiosks come back online together, queueing every chunk would hold ~1 MiB of memory
per waiting request and stretch latencies until clients time out and retry, making it worse.
Refusing early with Retry-After lets them back off (with jitter, on their side) and keeps the
requests that are admitted fast. Per process: N processes behind a load balancer admit N times
as many, which is the point of scaling out.

Retry-After is not a constant: `ComeBackClock` computes it per refusal from how fast this
process frees its slots and from the returns it has already handed out, so
the refused kiosks come back spread over the next seconds at about the pace slots free up,
instead of all at once after a fixed 5 s (and then, with their own backoff on top, long after
the server had gone idle). Bounded by `retry_after_min_seconds` / `retry_after_max_seconds`.

Between the two, a short wait, admitted by its expected length: a chunk request that finds
every slot taken waits for one (its body is not read yet, so waiting costs no memory) only if
its place in the wait queue times the mean hold over the slots, the clock's own measurements,
is at most `wait_target` seconds; otherwise it is sent away at once for Retry-After seconds.
Under a herd a slot frees every few milliseconds, and bouncing the request that came a moment
too early left slots idle while its kiosk slept; a fixed wait instead let a wave of returning
kiosks queue a full second each, time counted in every admitted request's latency. `max_wait`
still caps a wait the estimate got wrong, `max_waiting` the queue.
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING

from sync.protocol import HEADER_RETRY_AFTER

from ..errors import Overloaded, RateLimited

if TYPE_CHECKING:
    from .observability import ServerMetrics


CLIENT_JITTER_MEAN_SECONDS = 0.4
"""What a kiosk adds to Retry-After on average (sync.engine.RETRY_AFTER_JITTER_SECONDS)."""


class ComeBackClock:
    """When a refused client should come back: Retry-After computed per refusal.

    With every slot busy, the process frees `capacity` slots per how long a request holds
    one: its rate is `capacity` / the mean hold of the last `sample` admitted requests
    (`assumed_hold` before any: rather short, since a kiosk back too early costs one cheap
    refusal, one back too late an idle slot). A rate measured as requests finished per
    second of wall time would count the idle time before a herd and tell it to come back
    minutes later. The clients already waiting for a slot go first; then each refusal books
    the next free place in a queue that drains at that rate, so N refused clients are told
    to return spread over N / rate seconds instead of together. The answer is whole seconds
    (HTTP delay-seconds) between `minimum` and `maximum`, the nearest to the booking once
    the kiosk's own jitter (under a second) is added: rounding up brought everyone back late.
    Not locked: its callers serialise (the event loop, or PreAuthGate's lock).
    """

    def __init__(
        self,
        capacity: int,
        minimum: int = 1,
        maximum: int = 60,
        *,
        sample: int = 64,
        assumed_hold: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 1 <= minimum <= maximum:
            raise ValueError("need 1 <= minimum <= maximum")
        self.capacity = max(1, capacity)
        self.minimum = minimum
        self.maximum = maximum
        self.clock = clock
        self.assumed_hold = assumed_hold
        self._held: deque[float] = deque(maxlen=sample)
        self._next_return = 0.0

    def finished(self, held_seconds: float) -> None:
        """One admitted request is done after holding its slot this long."""
        self._held.append(max(0.0, held_seconds))

    def rate(self) -> float:
        """Slots freed per second with every slot busy."""
        if not self._held:
            return self.capacity / self.assumed_hold
        mean = max(sum(self._held) / len(self._held), 0.001)
        return self.capacity / mean

    def expected_wait(self, position: int) -> float:
        """Seconds until the `position`-th request in the wait queue (1 = next) gets a slot."""
        return position / self.rate()

    def refusal(self, waiting: int = 0) -> int:
        """Retry-After (whole seconds) for one refused request; books its return.

        Args:
            waiting: requests already queued for a slot in this process; they go first.
        """
        now = self.clock()
        rate = self.rate()
        ahead = now + waiting / rate
        booked = min(max(self._next_return, ahead) + 1.0 / rate, now + self.maximum)
        self._next_return = booked
        # The whole second whose arrivals, with the kiosk's jitter, centre on the booking.
        seconds = math.floor(booked - now - CLIENT_JITTER_MEAN_SECONDS + 0.5)
        return min(self.maximum, max(self.minimum, seconds))


class UploadGate:
    """Admission control for chunk uploads; used from the event loop thread only."""

    def __init__(
        self,
        max_total: int,
        max_per_device: int,
        come_back: ComeBackClock,
        metrics: ServerMetrics | None = None,
        *,
        max_wait: float = 0.0,
        wait_target: float = math.inf,
        max_waiting: int | None = None,
    ) -> None:
        """`come_back` computes the Retry-After of every refusal and learns the holds.

        Args:
            max_wait: the longest a request waits for a slot (0 = never waits).
            wait_target: a request waits only when its expected wait is at most this long
                (inf: whenever the queue has room).
            max_waiting: at most this many wait at once (4 x `max_total` by default).
        """
        self.metrics = metrics
        self.max_total = max_total
        self.max_per_device = max_per_device
        self.come_back = come_back
        self.max_wait = max_wait
        self.wait_target = wait_target
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

    def worth_waiting(self) -> bool:
        """Whether a request finding every slot taken now should queue (else: refused now).

        It would be the next in the queue after those already waiting; it queues if the
        queue has room and the come-back clock expects its slot within `wait_target`.
        """
        position = len(self._waiters) + 1
        if position > self.max_waiting:
            return False
        return self.come_back.expected_wait(position) <= self.wait_target

    async def _wait_for_slot(self) -> None:
        if self.active < self.max_total or not self.worth_waiting():
            return
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
        if self._per_device[device_id] >= self.max_per_device:
            self._count_refusal("device_limit")
            headers = self.retry_after_headers()
            raise RateLimited(
                "Terlalu banyak unggahan bersamaan dari perangkat ini; coba lagi sebentar / "
                "too many parallel uploads from this device; retry shortly",
                headers=headers,
            )
        if self.active >= self.max_total:
            self._count_refusal("busy")
            headers = self.retry_after_headers()
            raise Overloaded(
                "Server sedang sibuk; coba lagi sebentar / server busy; retry shortly",
                headers=headers,
            )
        self.active += 1
        admitted_at = self.come_back.clock()
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
            self.come_back.finished(self.come_back.clock() - admitted_at)
            self._per_device[device_id] -= 1
            if self._per_device[device_id] <= 0:
                del self._per_device[device_id]
            self._wake_one()

    def retry_after_headers(self) -> dict[str, str]:
        """The Retry-After of one refusal now (booked on the come-back clock)."""
        return {HEADER_RETRY_AFTER: str(self.come_back.refusal(len(self._waiters)))}

    def _count_refusal(self, reason: str) -> None:
        if self.metrics is not None:
            self.metrics.uploads_refused.labels(reason).inc()
