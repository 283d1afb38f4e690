"""Per-device request rate limits: a token bucket per key, 429 + Retry-After when empty.

A bucket holds up to `burst` tokens and refills at `rate` per second; each request takes one.
A kiosk's normal work (a manifest, 1 MiB chunks one at a time, a feed page, an audit batch)
stays far below the defaults, while a runaway or hijacked device cannot monopolise the server
or hammer the database. Per process, like the upload gate: N processes behind a load
balancer allow N times as much, which is acceptable because the point is to stop floods, not
to meter fairly.

Buckets are keyed by the AUTHENTICATED device id, so a forger who names someone else's device
cannot drain that device's bucket; unauthenticated enrollment is keyed by client address,
and so are FAILED authentications (issue 11): each wrong or revoked credential takes a token
of its address, and an empty bucket answers 429 before any credential is checked.
Handlers run in the thread pool, hence the lock.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from sync.protocol import HEADER_RETRY_AFTER

from ..errors import RateLimited

_MAX_KEYS = 50_000


class TokenBuckets:
    """Token buckets by key; idle full buckets are forgotten so memory stays bounded."""

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def _level(self, key: str, now: float) -> float:
        tokens, at = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - at) * self.rate)

    def take(self, key: str) -> float:
        """Takes one token; returns 0.0, or the seconds to wait when the bucket is empty."""
        with self._lock:
            now = self._clock()
            tokens = self._level(key, now)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / self.rate
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > _MAX_KEYS:
                self._forget_full(now)
            return 0.0

    def _forget_full(self, now: float) -> None:
        full = [k for k in self._buckets if self._level(k, now) >= self.burst]
        for key in full:
            del self._buckets[key]

    def wait_for(self, key: str) -> float:
        """The seconds until `key` has a token again (0.0 when it has one), taking none."""
        with self._lock:
            tokens = self._level(key, self._clock())
            return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def check(self, key: str) -> None:
        """Raises RateLimited (429, Retry-After in whole seconds) when `key` is over its rate."""
        wait = self.take(key)
        if wait > 0:
            raise RateLimited(
                "Terlalu banyak permintaan dari perangkat ini; coba lagi sebentar / "
                "too many requests from this device; retry shortly",
                headers={HEADER_RETRY_AFTER: str(max(1, math.ceil(wait)))},
            )
