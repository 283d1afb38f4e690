"""Idle auto-lock: after a quiet period, a visible countdown, then the screen locks.

Any key, click, touch or wheel during the countdown cancels it. Locking signs the operator out
(so a passer-by cannot use their session) but never throws work away: the main window saves the
open application as a draft first.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
}


class IdleLock(QObject):
    countdown = Signal(int)
    """Seconds left before locking; 0 means the countdown was cancelled or is over."""
    locked = Signal()

    def __init__(
        self, idle_seconds: int, warn_seconds: int = 30, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.warn_seconds = warn_seconds
        self.left = 0
        self.armed = False
        self.idle_timer = QTimer(self, singleShot=True, interval=idle_seconds * 1000)
        self.idle_timer.timeout.connect(self._start_countdown)
        self.tick_timer = QTimer(self, interval=1000)
        self.tick_timer.timeout.connect(self._tick)

    def arm(self, armed: bool) -> None:
        """Only a signed-in session is watched."""
        self.armed = armed
        self._reset()
        if not armed:
            self.idle_timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self.armed and event.type() in ACTIVITY:
            self._reset()
        return False

    def _reset(self) -> None:
        if self.left:
            self.left = 0
            self.tick_timer.stop()
            self.countdown.emit(0)
        if self.armed:
            self.idle_timer.start()

    def _start_countdown(self) -> None:
        self.left = self.warn_seconds
        self.countdown.emit(self.left)
        self.tick_timer.start()

    def _tick(self) -> None:
        self.left -= 1
        if self.left > 0:
            self.countdown.emit(self.left)
            return
        self.tick_timer.stop()
        self.countdown.emit(0)
        self.armed = False
        self.locked.emit()
