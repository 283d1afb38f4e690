from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import cast

from pytestqt.qtbot import QtBot

from kiosk.accounts import Role
from kiosk.local_store import Store
from tests.helpers.applications import ktp_el_hilang
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.applications import ApplicationsScreen
from ui.screens.signin import SignInScreen


def test_first_run_creates_a_supervisor_and_lands_on_the_applications(
    qtbot: QtBot, context: AppContext
) -> None:
    submitted = context.store.submission.submit(ktp_el_hilang(1))
    window = MainWindow(context)
    qtbot.addWidget(window)
    signin = cast(SignInScreen, window.screens["signin"])
    assert window.current == "signin"
    qtbot.waitUntil(lambda: signin.first_run is True)  # asked off the main thread
    qtbot.keyClicks(signin.username, "siti")
    qtbot.keyClicks(signin.display_name, "Siti Rahma")
    qtbot.keyClicks(signin.password, "rahasia-123")
    qtbot.keyClicks(signin.confirm, "rahasia-123")
    signin.confirm.returnPressed.emit()
    qtbot.waitUntil(lambda: window.current == "applications", timeout=10_000)
    assert context.operator is not None
    assert context.operator.role is Role.SUPERVISOR
    model = cast(ApplicationsScreen, window.screens["applications"]).table.model()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 0).data() == submitted.number
    assert model.index(0, 2).data() == "Menunggu dikirim"
    assert model.index(0, 3).data() == "3171********0002"


def test_wrong_password_shows_the_reason_and_keeps_focus(qtbot: QtBot, context: AppContext) -> None:
    context.store.accounts.create("siti", "Siti", "rahasia-123", Role.SUPERVISOR)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    signin = cast(SignInScreen, window.screens["signin"])
    qtbot.keyClicks(signin.username, "siti")
    qtbot.keyClicks(signin.password, "salah-sandi")
    signin.password.returnPressed.emit()
    qtbot.waitUntil(lambda: signin.error.text() != "", timeout=10_000)
    assert signin.error.text() == "Nama pengguna atau kata sandi salah"
    assert window.current == "signin"
    assert signin.password.hasFocus()


def test_navigation_requires_a_signed_in_operator(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_screen("applications", {})
    assert window.current == "signin"


def test_demo_launch_seeds_syncs_and_quits_by_itself(data_dir: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli.main",
            "run",
            "--demo",
            "--data-dir",
            str(data_dir),
            "--quit-after",
            "5",
        ],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=180,
        # Debug mode: any store use on the main thread by widget code is an error.
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_DEBUG": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert "StoreOnGuiThread" not in done.stderr
    store = Store.open(data_dir)
    assert store.records.count() == 3
    assert store.accounts.needs_first_run() is False
    assert store.state.is_enrolled()
    store.close()


def test_no_screen_shortcut_shadows_a_window_shortcut(qtbot: QtBot, context: AppContext) -> None:
    """Two shortcuts on one key cancel each other out in Qt ("ambiguous"): neither fires."""
    from PySide6.QtGui import QShortcut

    window = MainWindow(context)
    qtbot.addWidget(window)
    for name in window.screen_modules:
        window.screens[name]  # screens are built when first shown: build them all
    shortcuts = window.findChildren(QShortcut)
    own = {s.key().toString() for s in shortcuts if s.parent() is window}
    inner = {s.key().toString() for s in shortcuts if s.parent() is not window}
    assert "F6" in inner, "the capture page's keys were not built"
    assert own & inner == set()
