from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from pytestqt.qtbot import QtBot

from kiosk.accounts import Role
from ui.context import AppContext
from ui.idle import IdleLock
from ui.main_window import MainWindow
from ui.screens.wizard.screen import WizardScreen


def test_countdown_then_lock(qtbot: QtBot) -> None:
    lock = IdleLock(idle_seconds=1, warn_seconds=2)
    seen: list[int] = []
    lock.countdown.connect(seen.append)
    lock.arm(True)
    with qtbot.waitSignal(lock.locked, timeout=6000):
        pass
    assert seen == [2, 1, 0]
    assert lock.armed is False


def test_activity_during_the_countdown_cancels_it(qtbot: QtBot) -> None:
    lock = IdleLock(idle_seconds=1, warn_seconds=30)
    lock.arm(True)
    with qtbot.waitSignal(lock.countdown, timeout=3000) as started:
        pass
    assert started.args == [30]
    with qtbot.waitSignal(lock.countdown, timeout=1000) as cancelled:
        lock.eventFilter(
            lock, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
        )
    assert cancelled.args == [0]
    assert lock.idle_timer.isActive()
    lock.arm(False)


def test_idle_lock_signs_out_and_keeps_the_typed_draft(qtbot: QtBot, context: AppContext) -> None:
    context.settings.idle_lock_seconds = 30
    operator = context.store.accounts.create("siti", "Siti", "rahasia-123", Role.SUPERVISOR)
    window = MainWindow(context)
    qtbot.addWidget(window)
    context.operator = operator
    window.show_screen("wizard", {})
    assert window.idle.armed
    wizard = cast(WizardScreen, window.screens["wizard"])
    assert wizard.model is not None
    wizard.model.applicant.set_value("nik", "3171015708900001")  # the operator started typing
    window.idle._start_countdown()
    qtbot.waitUntil(lambda: window.idle_banner.isVisibleTo(window))
    assert "dikunci dalam 30 detik" in window.idle_banner.text()
    window.idle.left = 1
    with qtbot.waitSignal(window.idle.locked, timeout=3000):
        pass
    assert window.current == "signin"
    assert context.operator is None
    qtbot.waitUntil(lambda: len(context.store.drafts.list(operator="siti")) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "sign_out" in [e["action"] for e in context.store.audit.entries()])
    [draft] = context.store.drafts.list(operator="siti")
    assert context.store.drafts.load(draft.id)["applicant"]["values"]["nik"] == "3171015708900001"
