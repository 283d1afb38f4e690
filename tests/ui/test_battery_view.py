"""The battery in the status bar (issue 16, point 4), with an injected battery reader: the level,
the suggestion to save below 15 %, and the open draft saved once when it drops below 5 %."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.field.battery import BatteryReading
from ui.context import AppContext
from ui.status_bar import StatusBarWidget


class Autosave:
    def __init__(self) -> None:
        self.saves = 0

    def save_now(self) -> None:
        self.saves += 1


class Wizard:
    def __init__(self) -> None:
        self.autosave = Autosave()


class Window(QWidget):
    """Stands in for the main window: its `screens` hold the wizard."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.wizard = Wizard()
        self.screens = {"wizard": self.wizard}
        self.bar = StatusBarWidget(context)
        self.bar.timer.stop()
        QVBoxLayout(self).addWidget(self.bar)


def settle(qtbot: QtBot, context: AppContext) -> None:
    """Every reading in flight has landed (the one at start included)."""
    qtbot.waitUntil(lambda: context.tasks.running == 0)


def show(qtbot: QtBot, bar: StatusBarWidget, reading: BatteryReading | None) -> str:
    settle(qtbot, bar.context)
    bar.read_battery = lambda: reading
    bar.refresh()
    settle(qtbot, bar.context)
    assert bar.battery.reading == reading
    return bar.battery.text()


def test_level_suggestion_and_autosave(qtbot: QtBot, context: AppContext) -> None:
    window = Window(context)
    qtbot.addWidget(window)
    bar, autosave = window.bar, window.wizard.autosave
    assert show(qtbot, bar, BatteryReading(80.0, False)) == "Baterai 80 %"
    assert bar.battery.styleSheet() == ""
    assert show(qtbot, bar, BatteryReading(80.0, True)) == "Baterai 80 % (mengisi)"
    low = show(qtbot, bar, BatteryReading(12.0, False))
    assert low == "Baterai 12 %: simpan pekerjaan, colokkan pengisi daya"
    assert "b00020" in bar.battery.styleSheet()
    assert autosave.saves == 0  # a suggestion only
    critical = show(qtbot, bar, BatteryReading(4.0, False))
    assert critical == "Baterai 4 %: draf sudah disimpan, colokkan pengisi daya sekarang"
    assert autosave.saves == 1
    show(qtbot, bar, BatteryReading(3.0, False))
    assert autosave.saves == 1  # once per drop, not at every refresh
    show(qtbot, bar, BatteryReading(30.0, True))  # charged a while, then unplugged again
    show(qtbot, bar, BatteryReading(4.0, False))
    assert autosave.saves == 2
    settle(qtbot, context)


def test_a_desktop_shows_no_battery(qtbot: QtBot, context: AppContext) -> None:
    window = Window(context)
    qtbot.addWidget(window)
    assert show(qtbot, window.bar, None) == ""
    assert window.wizard.autosave.saves == 0
    settle(qtbot, context)


def test_english(qtbot: QtBot, context: AppContext) -> None:
    window = Window(context)
    qtbot.addWidget(window)
    context.languages.set_language("en")
    text = show(qtbot, window.bar, BatteryReading(12.0, False))
    assert text == "Battery 12 %: save your work, plug in the charger"
    settle(qtbot, context)
