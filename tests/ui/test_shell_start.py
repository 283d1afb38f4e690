"""The start-up order of the real app: sign-in gets the store before the demo server and sync
have started. On a busy 2-core machine the demo server's `kiosk-server` commands took up to a
minute, and sign-in, which waited for all of it, did nothing when Enter was pressed."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import ui.demo
from ui import shell
from ui.main_window import MainWindow
from ui.screens.signin import SignInScreen


class SlowDemoServer:
    """Takes until the test lets it go to answer, then is not there after all."""

    answer = threading.Event()
    started = threading.Event()

    def __init__(self, data_dir: Path) -> None:
        SlowDemoServer.started.set()
        SlowDemoServer.answer.wait(60)
        raise OSError("no demo server in this test")


def test_sign_in_is_ready_while_the_demo_server_still_starts(
    qapp: QApplication,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    expected_warnings: set[str],
) -> None:
    expected_warnings.add("kiosk.ui")  # "demo server unavailable": the fake never answers
    monkeypatch.setattr(ui.demo, "DemoServer", SlowDemoServer)
    SlowDemoServer.answer.clear()
    SlowDemoServer.started.clear()
    seen: dict[str, bool] = {}

    def look() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        signin = cast(SignInScreen, windows[0].screens["signin"]) if windows else None
        if signin is None or not signin.ready:
            QTimer.singleShot(20, look)
            return
        window = windows[0]
        seen["server still starting"] = not SlowDemoServer.answer.is_set()
        seen["sync pending"] = window.context.sync_pending
        seen["link"] = window.status.link.text() == "Memeriksa jaringan..."
        seen["button held"] = not window.status.send_now.isEnabled()
        SlowDemoServer.answer.set()

        def close() -> None:
            window.close()

        window.context.when_sync_known(close)

    def give_up() -> None:  # a failure must not hang the run
        SlowDemoServer.answer.set()
        qapp.closeAllWindows()

    QTimer.singleShot(0, look)
    guard = QTimer(singleShot=True, interval=60_000)
    guard.timeout.connect(give_up)
    guard.start()
    args = argparse.Namespace(demo=True, profile=None, quit_after=None, smoke_test=False)
    try:
        code = shell._run(args, qapp, data_dir)
    finally:
        guard.stop()
    assert code == 0
    assert seen == {
        "server still starting": True,
        "sync pending": True,
        "link": True,
        "button held": True,
    }
