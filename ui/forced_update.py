"""The end of an update's grace period: restart into it at the next safe moment.

A staged update normally waits for the next start. Once its manifest's grace period is over
(`grace_days`, 60 by default), the app restarts itself through the launcher the next time the
sign-in screen shows with nobody signed in, so no open application is ever interrupted. The
launcher tells the app where it is (KIOSK_LAUNCHER); without a launcher (a source checkout, or
Windows for now) nothing is forced. The self-service profile is never forced here: it takes
the update at its next start.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer

from kiosk.store.clock import utcnow
from kiosk.updates import Releases
from ui.context import AppContext

log = logging.getLogger("kiosk.ui")
ENV_LAUNCHER = "KIOSK_LAUNCHER"
CHECK_INTERVAL_MS = 10 * 60 * 1000


def launcher() -> str | None:
    path = os.environ.get(ENV_LAUNCHER)
    return path if path and os.access(path, os.X_OK) else None


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
