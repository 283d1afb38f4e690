"""The field laptop's window at 1024x768: its navigation has one button more than the
counter's (Kunjungan, F5) and was seen needing 1,144 px, so every field screen ran past a
1024-wide screen and the status bar's battery text was cut off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.window.fit import misfits
from ui.look import apply_look
from ui.main_window import MainWindow
from ui.screens.visits import VisitsScreen

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _app_look(qapp: QApplication) -> Iterator[None]:
    """The app's own font (12 pt) and style, as the kiosk runs."""
    font = qapp.font()
    apply_look(qapp)
    yield
    qapp.setFont(font)
    qapp.setStyleSheet("")


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_field_window_fits_1024x768_in_both_languages(
    qtbot: QtBot, window: MainWindow, visits: VisitsScreen, language: str
) -> None:
    if window.context.languages.language != language:
        window.toggle_language()
    problems = misfits(window, f"visits ({language})")
    window.show_screen("applications", {})
    problems += misfits(window, f"applications ({language})")
    assert problems == [], "\n".join(problems)


def test_help_and_sign_out_wrap_below_the_screens_only_when_narrow(
    qtbot: QtBot, window: MainWindow, visits: VisitsScreen
) -> None:
    rows = []
    for width in (1920, 1024):
        window.resize(width, 768)
        for _ in range(3):
            QApplication.processEvents()
        screens = window.nav_buttons["visits"].parentWidget()
        tools = window.sign_out_button.parentWidget()
        assert screens is not None
        assert tools is not None
        assert tools.geometry().right() <= window.nav.width()  # right-aligned, inside
        rows.append(tools.geometry().top() >= screens.geometry().bottom())
    assert rows == [False, True]
