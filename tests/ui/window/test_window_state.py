"""The main window fits the screen it opens on (at 1366x768 under a window manager the counter
window ran its status bar off the bottom): a first run with no room for the preferred size opens
maximised, and a saved geometry larger than the screen is brought back inside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui import window_state

pytestmark = pytest.mark.gui


def test_a_first_start_on_a_small_screen_opens_maximised(qtbot: QtBot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window_state.restore(window, tmp_path)  # the offscreen screen is 800x800
    assert window.isMaximized()


def test_a_window_that_fits_with_its_frame_stays_as_it_is(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1000, 600)
    window.move(100, 100)
    window_state.fit_into(window, QRect(0, 0, 1366, 768))
    assert not window.isMaximized()
    assert (window.size(), window.pos().x(), window.pos().y()) == (QSize(1000, 600), 100, 100)


def test_the_preferred_size_without_room_for_a_title_bar_is_maximised(qtbot: QtBot) -> None:
    """1280x800 bounded to a 1366x768 screen is 1280x768: with a title bar its bottom (the
    status bar) is below the screen."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1280, 768)
    window_state.fit_into(window, QRect(0, 0, 1366, 768))
    assert window.isMaximized()
    assert window.height() <= 768 - window_state.FRAME_ALLOWANCE.height()


def test_a_saved_geometry_larger_than_the_screen_is_clamped(qtbot: QtBot, tmp_path: Path) -> None:
    big = QWidget()
    qtbot.addWidget(big)
    big.resize(1900, 1150)  # left on a larger screen
    window_state.save(big, tmp_path)
    window = QWidget()
    qtbot.addWidget(window)
    window_state.restore(window, tmp_path)
    screen = window.screen()
    assert screen is not None
    available = screen.availableGeometry()
    assert window.isMaximized() or (
        window.width() + window_state.FRAME_ALLOWANCE.width() <= available.width()
        and window.height() + window_state.FRAME_ALLOWANCE.height() <= available.height()
    )
