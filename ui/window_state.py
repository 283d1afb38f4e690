"""The main window's size, position and maximised state, kept between runs.

Window geometry is the UI's business, kept apart from the settings (HOUSE_STYLE 9): a small
QSettings file in the data dir, so `--data-dir` isolates it like everything else. A first run
(or a saved state from a larger screen that no longer fits) opens the window sized to the
screen it is on.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QWidget

WINDOW_STATE_FILE = "window.ini"
PREFERRED_SIZE = QSize(1280, 800)
"""The size of a first window on a screen with room for it."""


def _settings(data_dir: Path) -> QSettings:
    return QSettings(str(data_dir / WINDOW_STATE_FILE), QSettings.Format.IniFormat)


def restore(window: QWidget, data_dir: Path) -> None:
    """Gives the window its last geometry, or the preferred size within the screen."""
    saved = _settings(data_dir).value("geometry")
    if isinstance(saved, QByteArray) and window.restoreGeometry(saved):
        return  # Qt moves and shrinks a geometry from a larger screen into this one
    screen = window.screen()
    size = QSize(PREFERRED_SIZE)
    if screen is not None:
        size = size.boundedTo(screen.availableGeometry().size())
    window.resize(size)


def save(window: QWidget, data_dir: Path) -> None:
    settings = _settings(data_dir)
    settings.setValue("geometry", window.saveGeometry())
    settings.sync()
