"""The main window's size, position and maximised state, kept between runs.

Window geometry is the UI's business, kept apart from the settings (HOUSE_STYLE 9): a small
QSettings file in the data dir, so `--data-dir` isolates it like everything else.

The window must fit the screen it opens on, title bar and status bar included (at 1366x768 a
1280x800 window ran its status bar off the bottom): a first run opens it maximised when the
preferred size does not fit the screen's available area with room for the window manager's
frame, and a saved geometry from a larger screen is clamped (or maximised) the same way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QWidget

WINDOW_STATE_FILE = "window.ini"
PREFERRED_SIZE = QSize(1280, 800)
"""The size of a first window on a screen with room for it."""
FRAME_ALLOWANCE = QSize(16, 48)
"""Room kept for the window manager's frame and title bar, which Qt only knows once the
window is shown (a window sized to the whole available area has its bottom off-screen)."""


def _settings(data_dir: Path) -> QSettings:
    return QSettings(str(data_dir / WINDOW_STATE_FILE), QSettings.Format.IniFormat)


def restore(window: QWidget, data_dir: Path) -> None:
    """Gives the window its last geometry, or the preferred size; maximised when that does
    not fit the screen's available area."""
    saved = _settings(data_dir).value("geometry")
    restored = isinstance(saved, QByteArray) and window.restoreGeometry(saved)
    if not restored:
        window.resize(PREFERRED_SIZE)
    if window.isMaximized() or window.isFullScreen():
        return
    screen = window.screen()
    if screen is None:
        return
    fit_into(window, screen.availableGeometry())


def fit_into(window: QWidget, available: QRect) -> None:
    """Keeps the (not yet shown) window and its frame inside `available`: maximised when its
    size with a frame does not fit, moved inside it otherwise."""
    room = available.size() - FRAME_ALLOWANCE
    if window.width() > room.width() or window.height() > room.height():
        window.resize(window.size().boundedTo(room).expandedTo(window.minimumSize()))
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    frame = QRect(window.pos(), window.size() + FRAME_ALLOWANCE)
    if not available.contains(frame):
        left = min(max(frame.left(), available.left()), available.right() - frame.width() + 1)
        top = min(max(frame.top(), available.top()), available.bottom() - frame.height() + 1)
        window.move(left, top)


def save(window: QWidget, data_dir: Path) -> None:
    settings = _settings(data_dir)
    settings.setValue("geometry", window.saveGeometry())
    settings.sync()
