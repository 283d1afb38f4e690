"""Debug mode's guard: widget code using the store on the Qt main thread fails loudly."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.accounts import Operator, Role
from ui import thread_guard
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.base import Screen


class CountingScreen(Screen):
    """A screen that (wrongly) counts applications right where it is shown."""

    def activate(self, **kwargs: object) -> None:
        self.count = self.context.store.records.count()


def test_a_screen_reading_the_store_on_the_main_thread_raises(
    qtbot: QtBot, context: AppContext
) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: context.tasks.running == 0)
    screen = CountingScreen(context)
    window.screens["counting"] = screen
    window.stack.addWidget(screen)
    context.operator = Operator("budi", "Budi", Role.PETUGAS)
    with pytest.raises(thread_guard.StoreOnGuiThread, match=r"ui\.main_window"):
        window.show_screen("counting", {})


def test_the_same_read_through_a_worker_passes(qtbot: QtBot, context: AppContext) -> None:
    results: list[int] = []
    context.tasks.run(context.store.records.count, on_done=results.append)
    qtbot.waitUntil(lambda: results == [0])


def test_test_code_and_qt_free_layers_may_call_the_store_directly(context: AppContext) -> None:
    assert context.store.records.count() == 0  # no widget code on the stack


def test_the_signin_screen_asks_its_question_off_the_main_thread(
    qtbot: QtBot, context: AppContext
) -> None:
    """ui/screens/signin.py used to ask `needs_first_run()` on the main thread."""
    window = MainWindow(context)
    qtbot.addWidget(window)
    signin = window.screens["signin"]
    qtbot.waitUntil(lambda: signin.ready)  # type: ignore[attr-defined]
    assert signin.first_run is True  # type: ignore[attr-defined]
