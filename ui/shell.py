"""The app shell: wires settings, store, devices, sync and the main window. Nothing else."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from kiosk.errors import KioskError
from kiosk.local_store import Store
from kiosk.paths import resolve_data_dir
from kiosk.settings import Profile, Settings, load_settings
from ui import crash, thread_guard
from ui.context import AppContext
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.stop_signals import StopSignals
from ui.tasks import TaskRunner

log = logging.getLogger("kiosk.ui")


def launch(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Anjungan Adminduk")
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 12))  # readable for elderly citizens and staff
    app.setFont(font)
    crash.install(data_dir / "crash-reports")
    # Installed before the demo server starts, so nothing it starts can outlive a SIGTERM.
    stop_signals = StopSignals(lambda: _quit(app))
    try:
        return _run(args, app, data_dir)
    finally:
        stop_signals.uninstall()


def _quit(app: QApplication) -> None:
    """A stop signal: close the windows as a click on X would, then leave the event loop
    even if a window or a dialog refused to close."""
    app.closeAllWindows()
    app.quit()


def _run(args: argparse.Namespace, app: QApplication, data_dir: Path) -> int:
    try:
        settings = load_settings(data_dir)
        store = Store.open(data_dir)
    except KioskError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Anjungan Adminduk", f"{exc.message_id}\n\n{exc.message_en}")
        return 1
    languages = LanguageManager(app)
    languages.set_language(settings.language)
    context = AppContext(
        store=store,
        settings=settings,
        tasks=TaskRunner(),
        languages=languages,
        demo=args.demo,
        run_profile=Profile(args.profile) if args.profile else None,  # never saved
    )
    demo_server = None
    if args.demo:
        from ui.demo import prepare_demo

        demo_server = prepare_demo(context)
    context.sync = _start_sync(store, settings)
    from ui.devices_setup import build_devices

    run_settings = settings.model_copy(update={"profile": context.profile})  # not saved
    context.devices = build_devices(run_settings, data_dir, demo=args.demo, tasks=context.tasks)
    if thread_guard.debug_mode():
        thread_guard.install(store.core)  # from here on the main thread only draws
    window = MainWindow(context)
    if context.profile is Profile.SELFSERVICE:
        window.showFullScreen()  # a public kiosk shows nothing but the app
    else:
        window.show()
    # Start-up objects live for the whole session: keep them out of the collector so a full
    # collection (100+ ms with the interpreter lock held) never stalls the UI mid-wizard.
    gc.freeze()
    if args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    if args.smoke_test:
        QTimer.singleShot(0, lambda: _report_first_screen(window))
    code = app.exec()
    if context.sync is not None:
        context.sync.stop()
    context.tasks.wait()
    if demo_server is not None:
        demo_server.stop()
    store.close()
    return int(code)


def _report_first_screen(window: MainWindow) -> None:
    """`kiosk run --smoke-test`: once the first screen has painted, names it on stdout and
    quits. The installed (frozen) app is checked this way, on its real start-up path."""
    window.repaint()
    sys.stdout.write(f"READY {window.current}\n")
    sys.stdout.flush()
    window.close()


def _start_sync(store: Store, settings: Settings) -> object | None:
    if not store.state.is_enrolled():
        return None
    from sync.scheduler import SyncScheduler

    scheduler = SyncScheduler(
        store,
        interval_seconds=settings.sync_interval_seconds,
        retention_days=settings.retention_days,
        credential_rotation_days=settings.credential_rotation_days,
    )
    scheduler.start()
    return scheduler
