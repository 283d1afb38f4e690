"""The one way to run background work: a callable on a QThreadPool, its result (or exception)
delivered back on the main thread by signal. Workers never touch widgets.

Usage from a screen:
    self.tasks.run(store.submission.submit, new, on_done=self._submitted, on_error=self._failed)

Work a person stands waiting for (sign-in) runs in a lane of its own, a one-thread pool that
the shared pool's slow jobs (the demo server starting, a probe, a sync) never queue it behind:
    self.tasks.lane("signin").run(accounts.authenticate, username, password, on_done=...)

A BusyIndicator shows only after 0.5 s and stays at least 0.5 s, so quick jobs never flicker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger("kiosk.ui")
SHOW_AFTER_MS = 500
MIN_VISIBLE_MS = 500


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(
        self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the UI, typed or not
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class TaskRunner(QObject):
    """Runs callables off the main thread. `busy_changed(bool)` drives a busy indicator."""

    busy_changed = Signal(bool)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._running = 0
        self._jobs: set[_Job] = set()
        self._lanes: dict[str, TaskRunner] = {}

    def lane(self, name: str) -> TaskRunner:
        """The runner of the lane `name`, made on first use: its own pool of one thread, so
        what it runs waits for nothing but the lane's earlier jobs."""
        runner = self._lanes.get(name)
        if runner is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            runner = self._lanes[name] = TaskRunner(pool, self)
        return runner

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        **kwargs: Any,
    ) -> None:
        job = _Job(fn, args, kwargs)
        job.setAutoDelete(False)
        self._jobs.add(job)

        def finish() -> None:
            self._jobs.discard(job)
            self._running -= 1
            if self._running == 0:
                self.busy_changed.emit(False)

        def done(result: Any) -> None:
            finish()
            if on_done is not None:
                on_done(result)

        def failed(exc: Exception) -> None:
            finish()
            if on_error is not None:
                on_error(exc)
            else:
                log.error("background task failed: %s", type(exc).__name__)

        job.signals.done.connect(done)
        job.signals.failed.connect(failed)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self.pool.start(job)

    @property
    def running(self) -> int:
        """Jobs started and not yet delivered, the lanes' included."""
        return self._running + sum(lane.running for lane in self._lanes.values())

    def wait(self, msecs: int = 30_000) -> bool:
        """For shutdown and tests: wait for every job to finish, the lanes' too."""
        lanes = [lane.wait(msecs) for lane in self._lanes.values()]
        return bool(self.pool.waitForDone(msecs)) and all(lanes)


class BusyPolicy(QObject):
    """Turns busy on/off into show/hide calls that never flicker."""

    visible_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show_timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self._show)
        self._hide_timer = QTimer(self, singleShot=True)
        self._hide_timer.timeout.connect(self._hide)
        self._shown_at: float | None = None

    def set_busy(self, busy: bool) -> None:
        if busy:
            self._hide_timer.stop()
            if self._shown_at is None:
                self._show_timer.start()
        else:
            self._show_timer.stop()
            if self._shown_at is not None:
                left = MIN_VISIBLE_MS - (time.monotonic() - self._shown_at) * 1000
                self._hide_timer.start(max(0, int(left)))

    def _show(self) -> None:
        self._shown_at = time.monotonic()
        self.visible_changed.emit(True)

    def _hide(self) -> None:
        self._shown_at = None
        self.visible_changed.emit(False)
