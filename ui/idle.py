"""Idle auto-lock: after a quiet period, a visible countdown, then the screen locks.

Any key, click, touch or wheel during the countdown cancels it. Locking signs the operator out
(so a passer-by cannot use their session) but never throws work away: the main window saves the
open application as a draft first.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.design.tokens import DEFAULT, Theme

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
}
MIN_BUTTON_PX = 88
"""The extend button: twice the 44 px touch floor, an easy press for a shaking finger."""
MAX_WIDTH_PX = 900


def warning_style(theme: Theme = DEFAULT, *, citizen: bool) -> str:
    """The warning's colours from the active theme's tokens (a citizen's high contrast choice
    holds for the warning too): large, bold and framed for a citizen, plainer for staff. The
    text has the panel's background of its own, or Qt paints it the window's grey."""
    t = theme
    if not citizen:
        return (
            f"#idle_warning {{ background: {t.warning}; border: 2px solid {t.on_warning}; }}"
            f" QLabel, QPushButton {{ color: {t.on_warning}; background: {t.warning};"
            " font-size: 16pt; }"
        )
    return (
        f"#idle_warning {{ background: {t.warning}; border: 4px solid {t.on_warning};"
        " border-radius: 12px; }"
        f" QLabel {{ color: {t.on_warning}; background: {t.warning}; }}"
        " QLabel, QPushButton { font-size: 24pt; font-weight: bold; }"
        f" QPushButton {{ color: {t.text}; background: {t.background};"
        f" border: 4px solid {t.on_warning}; border-radius: 12px; padding: 8px 32px; }}"
    )


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

    def extend(self) -> None:
        """The warning's button: more time, as any touch gives."""
        self._reset()

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


class IdleWarning(QFrame):
    """The countdown, laid over the screen rather than into it: the buttons under a citizen's
    finger stay where they were, and the text wraps instead of widening the window.

    A big "Lanjutkan / Continue" button extends the session (any touch does too)."""

    extend = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idle_warning")
        self.centred = True
        self.setFrameShape(QFrame.Shape.Box)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(16)
        self.text = QLabel(self)
        self.text.setObjectName("idle_banner")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.text)
        self.extend_button = QPushButton(self)
        self.extend_button.setObjectName("idle_extend")
        self.extend_button.setMinimumSize(MIN_BUTTON_PX, MIN_BUTTON_PX)
        self.extend_button.clicked.connect(self.extend)
        layout.addWidget(self.extend_button, 0, Qt.AlignmentFlag.AlignHCenter)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False

    def show_text(self, text: str, button_text: str, centred: bool) -> None:
        """`centred`: in the middle of the screen (a citizen); else along the top (staff)."""
        self.text.setText(text)
        self.extend_button.setText(button_text)
        self.centred = centred
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        margin = 16
        width = max(1, min(parent.width() - 2 * margin, MAX_WIDTH_PX))
        height = min(self.heightForWidth(width), parent.height() - 2 * margin)
        if height <= 0:
            height = self.sizeHint().height()
        x = (parent.width() - width) // 2
        y = (parent.height() - height) // 2 if self.centred else margin
        self.setGeometry(x, y, width, height)
