"""Main-thread stalls with sync running (see bench/ui.py): a full wizard run, and browsing.

The app is wired like ui.shell.launch (MainWindow, status bar, TaskRunner), with the fake
devices of the wizard's GUI tests, and a local `kiosk-server` (ui.demo.DemoServer) to which
the sync engine pushes the seeded queue the whole time. The wizard is driven with the wizard
tests' own keyboard driver (tests/ui/wizard/driver.py) through a small stand-in for pytest-qt's
qtbot; StallMeter (tests/helpers/stall.py) records the longest event-loop gap.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.accounts import Operator, Role
from kiosk.local_store import Store
from kiosk.settings import Settings
from tests.helpers.stall import StallMeter
from ui.context import AppContext
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

SITI = {
    "nik": "3171015708900001",
    "no_kk": "3171010101100002",
    "name": "Siti Aminah",
    "birth_date": "17-08-1990",
    "sex": "P",
    "phone": "0812 3456 7890",
}


class Bot:
    """The part of pytest-qt's qtbot the wizard driver uses, without pytest."""

    def keyClick(  # noqa: N802 - qtbot's name
        self, widget: QWidget, key: Any, modifier: Any = Qt.KeyboardModifier.NoModifier
    ) -> None:
        QTest.keyClick(widget, key, modifier)

    def keyClicks(self, widget: QWidget, text: str) -> None:  # noqa: N802 - qtbot's name
        QTest.keyClicks(widget, text)

    def waitUntil(self, condition: Callable[[], Any], timeout: int = 5000) -> None:  # noqa: N802
        deadline = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met in {timeout} ms")
            loop = QEventLoop()
            QTimer.singleShot(10, loop.quit)
            loop.exec()


@contextmanager
def sync_running(store: Store, folder: Path) -> Iterator[Any]:
    """A local kiosk-server, this store enrolled to it, and the sync thread running."""
    from sync.enrollment import enroll
    from sync.scheduler import SyncScheduler
    from ui.demo import DemoServer

    server = DemoServer(folder / "server")
    scheduler = None
    try:
        enroll(store, server.url, server.enrollment_code(), "bench")
        scheduler = SyncScheduler(store, interval_seconds=5)
        scheduler.start()
        yield scheduler
    finally:
        if scheduler is not None:
            scheduler.stop()
        server.stop()


def fake_devices() -> Any:
    from devices.camera import FakeCamera
    from devices.scanner import FakeScanner
    from resources.demo import media, selfies
    from ui.devices_setup import DeviceSet

    return DeviceSet(
        camera=FakeCamera(media.preview_frames(6), fps=30),
        selfie_camera=FakeCamera([selfies.selfie("clean", seed) for seed in range(2)], fps=30),
        scanner=FakeScanner([media.document_photo(2, "kk").image]),
        demo=True,
    )


def browse(bot: Bot, window: MainWindow) -> None:
    """What a petugas does at the list: load, search by NIK, name, number, filter, open."""
    window.show_screen("applications", {})
    screen: Any = window.screens["applications"]
    bot.waitUntil(lambda: not screen.loading and screen.model.rowCount() > 0, 30_000)
    tasks = window.context.tasks
    for query in ("3171015708900002", "warga", "-0042", ""):
        screen.search.setText(query)
        screen.run_search()
        bot.waitUntil(lambda: tasks.running == 0, 30_000)
    for index in (screen.status_filter.count() - 1, 0):
        screen.status_filter.setCurrentIndex(index)
    screen.table.scrollToBottom()
    screen.table.selectRow(0)
    screen.open_selected()
    detail: Any = window.screens["detail"]
    bot.waitUntil(lambda: detail.detail is not None, 30_000)
    window.show_screen("recap", {})
    recap: Any = window.screens["recap"]
    bot.waitUntil(lambda: recap.view_model.recap is not None, 30_000)


def wizard_run(bot: Bot, window: MainWindow, folder: Path) -> None:
    """KTP-el hilang from the questions to the printed receipt, as tests/ui/wizard does it."""
    from tests.ui.wizard.driver import FakeDialogs, answer, capture, fill_applicant, key, wait_step
    from ui.viewmodels.wizard import Step

    dialogs = FakeDialogs(folder)
    wizard: Any = window.screens["wizard"]
    wizard.receipt_page.preview_runner = dialogs.preview
    wizard.receipt_page.save_path_asker = dialogs.save_path
    window.show_screen("wizard", {})
    window.activateWindow()
    answer(bot, wizard, 1, 2, 1)  # type: ignore[arg-type]
    wait_step(bot, wizard, Step.SERVICE)  # type: ignore[arg-type]
    key(bot, Qt.Key.Key_Return)  # type: ignore[arg-type]
    wait_step(bot, wizard, Step.APPLICANT)  # type: ignore[arg-type]
    fill_applicant(bot, wizard, SITI)  # type: ignore[arg-type]
    wait_step(bot, wizard, Step.DOCUMENTS)  # type: ignore[arg-type]
    capture(bot, wizard.documents_page, "camera")  # type: ignore[arg-type]
    capture(bot, wizard.documents_page, "scanner")  # type: ignore[arg-type]
    key(bot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    wait_step(bot, wizard, Step.REVIEW)  # type: ignore[arg-type]
    key(bot, Qt.Key.Key_Return)  # type: ignore[arg-type]
    wait_step(bot, wizard, Step.RECEIPT, timeout=60_000)  # type: ignore[arg-type]
    bot.waitUntil(wizard.receipt_page.ready, 60_000)
    key(bot, Qt.Key.Key_Return)  # type: ignore[arg-type]
    bot.waitUntil(lambda: wizard.receipt_page.last_action == "print", 30_000)


def quiet_qt(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """The offscreen platform's warnings are not what is measured."""


def measure_stalls(data_dir: Path) -> list[str]:
    logging.disable(logging.WARNING)  # the demo server's and sync's chatter is not the figure
    qInstallMessageHandler(quiet_qt)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 12))
    app.setFont(font)
    bot = Bot()
    lines = []
    store = Store.open(data_dir)
    context = AppContext(
        store=store,
        settings=Settings(),
        tasks=TaskRunner(),
        languages=LanguageManager(app),
        devices=fake_devices(),
        operator=Operator("bench", "Petugas Bench", Role.PETUGAS),
    )
    window = MainWindow(context)
    window.resize(1366, 768)
    window.show()
    count = store.records.count()
    settle = time.monotonic() + 1.0  # the first paint of the window is start-up, not browsing
    bot.waitUntil(lambda: time.monotonic() > settle and context.tasks.running == 0, 30_000)
    try:
        with StallMeter() as meter:
            browse(bot, window)
        lines.append(f"browsing {count} applications, no sync: {meter.report()}")
        with tempfile.TemporaryDirectory() as tmp, sync_running(store, Path(tmp)) as sync:
            context.sync = sync
            with StallMeter() as meter:
                browse(bot, window)
            lines.append(f"browsing {count} applications, sync running: {meter.report()}")
            if "wizard" in window.screen_modules:
                with StallMeter() as meter:
                    wizard_run(bot, window, Path(tmp) / "dialogs")
                lines.append(f"full wizard run (ktp-el-hilang), sync running: {meter.report()}")
            else:
                lines.append("wizard not in this build: no wizard stall figure")
            lines.append(f"sync queue at the end: {store.outbox.counts()}")
    finally:
        wizard_screen: Any = window.screens.get("wizard")
        if wizard_screen is not None and hasattr(wizard_screen, "shutdown"):
            wizard_screen.shutdown()
        window.close()
        context.tasks.wait()
        store.close()
    return lines
