"""The offline budget in the status bar and the warning at start (issue 16, point 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kiosk.offline_budget import BudgetLevel
from kiosk.store import machine_state as ms
from ui.context import AppContext
from ui.status_bar import StatusBarWidget


def open_bar(qtbot: QtBot, context: AppContext) -> StatusBarWidget:
    bar = StatusBarWidget(context)
    qtbot.addWidget(bar)
    bar.timer.stop()
    return bar


def test_the_bar_shows_days_queue_and_days_left(qtbot: QtBot, context: AppContext) -> None:
    store = context.store
    store.state.set(ms.CREDENTIAL, "sealed-credential")
    store.state.set(ms.CREDENTIAL_SINCE, datetime.now(UTC) - timedelta(days=3, hours=1))
    bar = open_bar(qtbot, context)
    bar.refresh()
    qtbot.waitUntil(lambda: bar.budget.text() != "")
    assert bar.budget.text() == "Sejak sinkron: 3 hari · antrean 0 · sisa 27 hari"
    assert bar.budget.warning is None  # within the warn limit: no dialog


def test_past_the_warn_limit_every_start_warns(qtbot: QtBot, context: AppContext) -> None:
    store = context.store
    store.state.set(ms.CREDENTIAL, "sealed-credential")
    store.state.set(ms.CREDENTIAL_SINCE, datetime.now(UTC) - timedelta(days=40))
    for _start in range(2):
        bar = open_bar(qtbot, context)
        bar.refresh()
        label = bar.budget
        qtbot.waitUntil(lambda: label.warning is not None)  # noqa: B023 - waited for here
        assert bar.budget.status is not None
        assert bar.budget.status.level is BudgetLevel.BLOCKED
        assert "permohonan baru ditolak" in bar.budget.text()
        box = bar.budget.warning
        assert isinstance(box, QMessageBox)
        assert "Sudah 40 hari tanpa sinkron (batas 30 hari)" in box.text()
        box.close()
        bar.refresh()  # later readings update the label but never open a second dialog
        qtbot.wait(50)
        assert bar.budget.warning is box


def test_low_disk_shows_in_the_bar_only_when_low(qtbot: QtBot, context: AppContext) -> None:
    bar = open_bar(qtbot, context)
    guard = context.store.drafts.disk
    bar.refresh()
    qtbot.waitUntil(lambda: bar.disk.status is not None)
    assert bar.disk.text() == ""  # plenty of room: nothing to say
    guard.warn_bytes = 1 << 60  # every disk is "low" against this
    bar.refresh()
    qtbot.waitUntil(lambda: bar.disk.text() != "")
    assert bar.disk.text().startswith("Ruang disk tinggal")
    guard.refuse_bytes = 1 << 60
    bar.refresh()
    qtbot.waitUntil(lambda: bar.disk.text().startswith("Disk hampir penuh"))
