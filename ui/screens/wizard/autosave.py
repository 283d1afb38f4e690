"""Autosaving the draft: debounced after edits, at once after each step, one save at a time.

Saves run as background tasks (encrypting and writing SQLite is not for the main thread). At
most one is in flight; a change during a save schedules exactly one more with the newest
state, so saves can never land out of order and an older snapshot never overwrites a newer one.
Before submit the screen calls `flush(then)` and `stop()`: the submit transaction deletes the
draft, and no late save may bring it back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from ui.tasks import TaskRunner

log = logging.getLogger("kiosk.ui")
DEBOUNCE_MS = 800

Snapshot = Callable[[], tuple[Callable[..., Any], tuple[Any, ...]] | None]
"""Returns the save job and its arguments, taken now on the main thread, or None."""


class Autosaver(QObject):
    saved = Signal()
    failed = Signal(object)

    def __init__(
        self, tasks: TaskRunner, snapshot: Snapshot, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.snapshot = snapshot
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.save_now)
        self.enabled = True
        self.in_flight = False
        self.saves = 0
        self._again = False
        self._queue: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self._waiters: list[Callable[[], None]] = []

    def schedule(self) -> None:
        """An edit: save after a short quiet period."""
        if self.enabled:
            self.timer.start()

    def save_now(self) -> None:
        self.timer.stop()
        if not self.enabled:
            return
        if self.in_flight:
            self._again = True
            return
        job = self.snapshot()
        if job is None:
            self._notify()
            return
        self._start(job)

    def save_this(self, job: tuple[Callable[..., Any], tuple[Any, ...]]) -> None:
        """Saves a snapshot taken by the caller (the application being left), in order."""
        self.timer.stop()
        if self.in_flight:
            self._queue.append(job)
        else:
            self._start(job)

    def _start(self, job: tuple[Callable[..., Any], tuple[Any, ...]]) -> None:
        function, args = job
        self.in_flight = True
        self.tasks.run(function, *args, on_done=self._done, on_error=self._failed)

    def flush(self, then: Callable[[], None]) -> None:
        """Saves what is pending, then calls `then` once no save is running."""
        self._waiters.append(then)
        if self.timer.isActive():
            self.save_now()
        elif not self.in_flight:
            self._notify()

    def stop(self) -> None:
        """No more saves (after submit, or when the draft is thrown away)."""
        self.enabled = False
        self.timer.stop()
        self._again = False

    def restart(self) -> None:
        self.enabled = True

    def _done(self, _result: Any) -> None:
        if not shiboken6.isValid(self):
            return  # its window was torn down while the save ran: the draft is written
        self.in_flight = False
        self.saves += 1
        self.saved.emit()
        self._continue()

    def _failed(self, error: Exception) -> None:
        log.error("draft autosave failed: %s", type(error).__name__)
        if not shiboken6.isValid(self):
            return
        self.in_flight = False
        self.failed.emit(error)
        self._continue()

    def _continue(self) -> None:
        if self._queue:
            self._start(self._queue.pop(0))
        elif self._again and self.enabled:
            self._again = False
            self.save_now()
        else:
            self._notify()

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            waiter()
