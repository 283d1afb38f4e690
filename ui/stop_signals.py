"""SIGTERM and SIGINT end the app the way closing its window does.

Python runs a signal handler only between bytecodes, and Qt's event loop runs none while it
waits, so by default SIGTERM killed the process on the spot (the demo server and the sync
thread were never stopped) and Ctrl+C did nothing until the next click. The C-level handler
writes the signal number to a socket (`signal.set_wakeup_fd`); a QSocketNotifier on the other
end wakes the loop, the Python handler runs, and it asks the shell to quit. The normal shutdown
path then stops sync, waits for background work, stops the demo server and closes the store.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

log = logging.getLogger("kiosk.ui")
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopSignals(QObject):
    """While alive, a stop signal calls `on_stop` once on the main thread."""

    def __init__(self, on_stop: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_stop = on_stop
        self._stopping = False
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {signum: signal.signal(signum, self._handle) for signum in STOP_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        """Empties the wakeup socket; the Python handler itself has run by now."""
        try:
            while self._reader.recv(64):
                pass
        except BlockingIOError:
            pass

    def _handle(self, signum: int, _frame: object) -> None:
        log.info("stop signal %s: closing", signal.Signals(signum).name)
        if self._stopping:
            return
        self._stopping = True
        # Posted, not called: the handler may interrupt any Python code, and before the event
        # loop runs a direct quit() would be lost.
        QTimer.singleShot(0, self._on_stop)

    def uninstall(self) -> None:
        """Puts back the handlers that were there before (tests start the app in-process)."""
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()
