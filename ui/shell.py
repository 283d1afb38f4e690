"""The app shell: wires settings, store, devices, sync and the main window. Nothing else.

The window paints first; the store, demo data and devices open in a worker right after
(SQLAlchemy, the migration check, OpenCV and requests stay off the path to the first paint),
and the screens wait for the store through `AppContext.when_store_open`. Only then do the demo
server and sync start, in a lane of their own: sign-in never waits for them.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.errors import KioskError
from kiosk.paths import resolve_data_dir
from kiosk.settings import Profile, Settings, load_settings
from ui import crash, thread_guard
from ui.context import AppContext
from ui.i18n import LanguageManager
from ui.look import apply_look
from ui.main_window import MainWindow
from ui.stop_signals import StopSignals
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from kiosk.local_store import Store
    from ui.demo import DemoServer

log = logging.getLogger("kiosk.ui")


def launch(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Anjungan Adminduk")
    apply_look(app)
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


@dataclass
class _Opened:
    """What the start-up job has opened or started so far, so that shutdown stops it even when
    the window closed (or a SIGTERM came) before the job finished."""

    store: Store | None = None
    demo_server: DemoServer | None = None
    sync: Any = None
    settings: Settings | None = None
    """The settings with the district's configuration in force (never saved to settings.json)."""


def _open(args: argparse.Namespace, data_dir: Path, settings: Settings, opened: _Opened) -> None:
    """Off the main thread, after the first paint: the store (SQLAlchemy, the migration check,
    the device keys, the catalog), the demo data, and the device modules (OpenCV) imported for
    the main thread to build."""
    from kiosk.local_store import Store

    opened.store = Store.open(data_dir)
    active = opened.store.district_config.active()
    if active is not None:
        settings = active.applied_to(settings)
    opened.settings = settings
    if args.demo:
        from ui.demo import prepare_demo_data

        prepare_demo_data(opened.store)
    import ui.devices_setup  # noqa: F401 - imported here, built on the main thread


def _start_services(args: argparse.Namespace, opened: _Opened) -> Any:
    """After the store was handed over: the demo server (it waits for `kiosk-server` to
    answer), then sync. Returns the SyncScheduler, or None when not enrolled."""
    assert opened.store is not None
    assert opened.settings is not None
    if args.demo:
        from ui.demo import start_demo_server

        opened.demo_server = start_demo_server(opened.store)
    opened.sync = _start_sync(opened.store, opened.settings)
    return opened.sync


def _run(args: argparse.Namespace, app: QApplication, data_dir: Path) -> int:
    try:
        settings = load_settings(data_dir)
    except KioskError as exc:
        _refuse(exc)
        return 1
    languages = LanguageManager(app)
    languages.set_language(settings.language)
    context = AppContext(
        settings=settings,
        tasks=TaskRunner(),
        languages=languages,
        demo=args.demo,
        run_profile=Profile(args.profile) if args.profile else None,  # never saved
        data_dir=data_dir,
        sync_pending=True,
    )
    window = MainWindow(context)
    if context.profile is Profile.SELFSERVICE:
        window.showFullScreen()  # a public kiosk shows nothing but the app
    else:
        window.show()
    opened = _Opened()

    def ready(_: None) -> None:
        assert opened.store is not None
        from ui.devices_setup import build_devices

        if opened.settings is not None:
            context.settings = opened.settings
        run_settings = context.settings.model_copy(update={"profile": context.profile})  # not saved
        context.devices = build_devices(run_settings, data_dir, demo=args.demo, tasks=context.tasks)
        if thread_guard.debug_mode():
            thread_guard.install(opened.store.core)  # from here on the main thread only draws
        context.store_opened(opened.store)
        # Network and server work in their own lane: the shared pool stays free for screens.
        context.tasks.lane("services").run(
            _start_services, args, opened, on_done=context.sync_known, on_error=services_failed
        )
        # Start-up objects live for the whole session: keep them out of the collector so a
        # full collection (100+ ms with the interpreter lock held) never stalls the UI.
        gc.freeze()

    def services_failed(exc: Exception) -> None:
        """The kiosk carries on offline (the queue keeps everything); the report says why."""
        context.sync_known(None)
        if isinstance(exc, KioskError):
            log.error("sync did not start: %s", exc.message_en)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def failed(exc: Exception) -> None:
        if isinstance(exc, KioskError):
            _refuse(exc)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        app.exit(1)

    # Queued: the window paints first, then the store opens in a worker.
    QTimer.singleShot(
        0,
        lambda: context.tasks.run(
            _open, args, data_dir, settings, opened, on_done=ready, on_error=failed
        ),
    )
    if args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    context.when_store_open(lambda: QTimer.singleShot(0, lambda: _first_screen_shown(window)))
    forced = _watch_forced_update(context, window, settings)
    if args.smoke_test:
        context.when_store_open(lambda: QTimer.singleShot(0, lambda: _report_first_screen(window)))
    code = app.exec()
    if opened.sync is not None:
        opened.sync.stop()
    context.tasks.wait()
    if opened.sync is not None:
        opened.sync.stop()  # started by a job that was still running at the first stop
    if opened.demo_server is not None:
        opened.demo_server.stop()
    if opened.store is not None:
        opened.store.close()
    if forced is not None and context.extras.get("restart_into_update"):
        from ui.forced_update import launcher, restart_command

        path = launcher()
        if path is not None:
            os.execv(path, restart_command(path, sys.argv[1:]))  # the launcher switches
    return int(code)


def _refuse(exc: KioskError) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, "Anjungan Adminduk", f"{exc.message_id}\n\n{exc.message_en}")


def _watch_forced_update(context: AppContext, window: MainWindow, settings: Settings) -> object:
    """Restarts into a staged update whose grace period is over, at a safe moment."""
    from kiosk.paths import resolve_releases_dir
    from kiosk.updates import Releases
    from sync.distribution import running_version
    from ui.forced_update import ForcedUpdate, idle_moment, launcher

    if launcher() is None:
        return None

    def restart() -> None:
        context.extras["restart_into_update"] = True
        window.close()

    forced = ForcedUpdate(
        context,
        Releases(resolve_releases_dir(), running_version()),
        is_safe_moment=idle_moment(context, window),
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
    """`kiosk run --smoke-test`: once the store is open (migrations run) and the first screen
    has painted, names it on stdout and quits. The installed (frozen) app is checked this way,
    on its real start-up path."""
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
