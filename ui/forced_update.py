"""The end of an update's grace period: restart into it at the next safe moment.

A staged update normally waits for the next start. Once its manifest's grace period is over
(`grace_days`, 60 by default), the app restarts itself through the launcher at the next idle
moment (`idle_moment`), so no open application is ever interrupted: at the counter, the
sign-in screen with nobody signed in; at a self-service kiosk, the start screen with nobody
touching the kiosk since the last session wipe (the idle wipe, or the start itself). The
launcher tells the app where it is (KIOSK_LAUNCHER); without a launcher (a source checkout)
nothing is forced.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.settings import Profile
from kiosk.store.clock import utcnow
from kiosk.updates import Releases
from kiosk.updates.launcher import ENV_LAUNCHER
from ui.context import AppContext
from ui.idle import ACTIVITY
from ui.selfservice import SELF_SERVICE

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger("kiosk.ui")
CHECK_INTERVAL_MS = 10 * 60 * 1000


def launcher() -> str | None:
    path = os.environ.get(ENV_LAUNCHER)
    return path if path and os.access(path, os.X_OK) else None


def restart_command(launcher_path: str, argv: list[str]) -> list[str]:
    """The same command line again, through the launcher. Plain `kiosk` is `kiosk run`, said
    out loud: the launcher switches to a staged version only for `run`."""
    return [launcher_path, *(argv or ["run"])]


class _CitizenIdle(QObject):
    """Self-service: nobody has touched the kiosk since its last session wipe."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.touched = False
        window.idle.locked.connect(self._wiped)  # after the window's own wipe (connected first)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.destroyed.connect(self._uninstall)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in ACTIVITY:
            self.touched = True
        return False

    def _wiped(self) -> None:
        self.touched = False

    def _uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def __call__(self) -> bool:
        window = self.window
        return (
            window.current == "start"
            and window.context.operator == SELF_SERVICE
            and not self.touched
        )


def idle_moment(context: AppContext, window: MainWindow) -> Callable[[], bool]:
    """When a restart interrupts nobody, for the window's profile."""
    if context.profile is Profile.SELFSERVICE:
        return _CitizenIdle(window)
    return lambda: window.current == "signin" and context.operator is None


class ForcedUpdate(QObject):
    def __init__(
        self,
        context: AppContext,
        releases: Releases,
        is_safe_moment: Callable[[], bool],
        restart: Callable[[], None],
        now: Callable[[], datetime] = utcnow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.releases = releases
        self.is_safe_moment = is_safe_moment
        self.restart = restart
        self.now = now
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    def check(self) -> None:
        self.context.tasks.run(self.releases.restart_due, self.now(), on_done=self._due)

    def _due(self, due: bool) -> None:
        if not due or not self.is_safe_moment():
            return
        log.info("grace period of the staged update is over: restarting into it")
        self.timer.stop()
        self.restart()
