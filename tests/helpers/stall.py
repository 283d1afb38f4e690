"""StallMeter: how long the Qt main thread was ever too busy to run its event loop.

A QTimer beats every few milliseconds on the main thread; any gap between two beats beyond the
interval is time the thread spent on something else (a slow slot, a paint, blocking I/O). The
longest gap is the worst freeze a user would have felt. It measures the event loop only while
it runs, so use it around qtbot.waitUntil/waitSignal, not around plain blocking test code.

    with StallMeter() as meter:
        ...  # drive the UI, wait with qtbot
    meter.worst_ms, meter.stalls_over(50)

Figures belong in bench/ (ratios, not pass/fail thresholds); tests report them.
"""

from __future__ import annotations

import time
from types import TracebackType

from PySide6.QtCore import Qt, QTimer


class StallMeter:
    def __init__(self, interval_ms: int = 5) -> None:
        self.interval_ms = interval_ms
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.gaps_ms: list[float] = []
        self._last = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        if self._last:
            self.gaps_ms.append((now - self._last) * 1000 - self.interval_ms)
        self._last = now

    def start(self) -> StallMeter:
        self._last = 0.0
        self.timer.start()
        return self

    def stop(self) -> None:
        self.timer.stop()

    @property
    def worst_ms(self) -> float:
        """The longest stall seen, in milliseconds (0 when the loop never stalled)."""
        return max([0.0, *self.gaps_ms])

    @property
    def beats(self) -> int:
        return len(self.gaps_ms) + (1 if self._last else 0)

    def stalls_over(self, threshold_ms: float) -> int:
        return sum(1 for gap in self.gaps_ms if gap > threshold_ms)

    def report(self) -> str:
        return (
            f"longest main-thread stall {self.worst_ms:.0f} ms over {self.beats} beats; "
            f"{self.stalls_over(50)} stalls over 50 ms"
        )

    def __enter__(self) -> StallMeter:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
