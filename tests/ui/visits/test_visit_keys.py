"""The Visits screen by keyboard alone: every button of the screen has its own access key
(Alt+letter), and no two buttons visible in the window at once share one."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.screens.visits import VisitsScreen

pytestmark = pytest.mark.gui


def access_key(text: str) -> str | None:
    """The letter after a single "&" in a button's text, lower case (None without one)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if at >= 0 and at + 1 < len(plain) else None


def visible_keys(window: MainWindow) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            key = access_key(button.text())
            if key is not None:
                keys.setdefault(key, []).append(button.text())
    return keys


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_visit_buttons_have_access_keys_without_clashes(
    qtbot: QtBot, window: MainWindow, visits: VisitsScreen, language: str
) -> None:
    if window.context.languages.language != language:
        window.toggle_language()
    buttons = [visits.import_button, visits.add_button, *visits.mark_buttons.values()]
    assert [b.text() for b in buttons if access_key(b.text()) is None] == []
    for shown in (False, True):
        visits.postpone.setVisible(shown)
        QApplication.processEvents()
        clashes = {k: v for k, v in visible_keys(window).items() if len(v) > 1}
        assert clashes == {}
