"""The app shell: wires settings, store, devices, sync and the main window. Nothing else."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.errors import KioskError
from kiosk.local_store import Store
from kiosk.paths import resolve_data_dir
from kiosk.settings import Profile, Settings, load_settings, save_settings
from ui import crash, thread_guard
from ui.context import AppContext
from ui.i18n import LanguageManager
from ui.look import apply_look
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

log = logging.getLogger("kiosk.ui")


def launch(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Anjungan Adminduk")
    apply_look(app)
    crash.install(data_dir / "crash-reports")
    try:
        settings = load_settings(data_dir)
        if args.profile:
            settings.profile = Profile(args.profile)
            save_settings(data_dir, settings)
        store = Store.open(data_dir)
        active = store.district_config.active()
        if active is not None:
            settings = active.applied_to(settings)  # in force, never saved to settings.json
    except KioskError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Anjungan Adminduk", f"{exc.message_id}\n\n{exc.message_en}")
        return 1
    languages = LanguageManager(app)
    languages.set_language(settings.language)
    context = AppContext(
        store=store, settings=settings, tasks=TaskRunner(), languages=languages, demo=args.demo
    )
    demo_server = None
    if args.demo:
        from ui.demo import prepare_demo

        demo_server = prepare_demo(context)
    context.sync = _start_sync(store, settings)
    from ui.devices_setup import build_devices

    context.devices = build_devices(settings, data_dir, demo=args.demo, tasks=context.tasks)
    if thread_guard.debug_mode():
        thread_guard.install(store.core)  # from here on the main thread only draws
    window = MainWindow(context)
    if settings.profile is Profile.SELFSERVICE:
        window.showFullScreen()  # a public kiosk shows nothing but the app
    else:
        window.show()
    # Start-up objects live for the whole session: keep them out of the collector so a full
    # collection (100+ ms with the interpreter lock held) never stalls the UI mid-wizard.
    gc.freeze()
    if args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    QTimer.singleShot(0, lambda: _first_screen_shown(window))
    forced = _watch_forced_update(context, window, settings)
    if args.smoke_test:
        QTimer.singleShot(0, lambda: _report_first_screen(window))
    code = app.exec()
    if context.sync is not None:
        context.sync.stop()
    context.tasks.wait()
    if demo_server is not None:
        demo_server.stop()
    store.close()
    if forced is not None and context.extras.get("restart_into_update"):
        from ui.forced_update import launcher

        path = launcher()
        if path is not None:
            os.execv(path, [path, *sys.argv[1:]])  # the launcher switches to the update
    return int(code)


def _watch_forced_update(context: AppContext, window: MainWindow, settings: Settings) -> object:
    """Restarts into a staged update whose grace period is over, at a safe moment."""
    from kiosk.paths import resolve_releases_dir
    from kiosk.updates import Releases
    from sync.distribution import running_version
    from ui.forced_update import ForcedUpdate, launcher

    if launcher() is None or settings.profile is Profile.SELFSERVICE:
        return None

    def restart() -> None:
        context.extras["restart_into_update"] = True
        window.close()

    forced = ForcedUpdate(
        context,
        Releases(resolve_releases_dir(), running_version()),
        is_safe_moment=lambda: window.current == "signin" and context.operator is None,
        restart=restart,
        parent=window,
    )
    forced.start()
    return forced


def _first_screen_shown(window: MainWindow) -> None:
    """The first screen painted: a version the launcher is trying is healthy."""
    from kiosk.updates.health import mark_healthy

    window.repaint()
    mark_healthy()


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
