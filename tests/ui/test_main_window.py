from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.settings import Settings
from kiosk.store import Store
from tests.helpers.applications import ktp_el_hilang
from ui.main_window import MainWindow


def test_main_window_lists_local_applications_with_masked_nik(qtbot: QtBot, data_dir: Path) -> None:
    store = Store.open(data_dir)
    submitted = store.submit(ktp_el_hilang(1))
    window = MainWindow(store, Settings())
    qtbot.addWidget(window)
    assert window.table.rowCount() == 1
    cells = [window.table.item(0, c).text() for c in range(window.table.columnCount())]
    assert cells[0] == submitted.number
    assert cells[1] == "KTP-el hilang"
    assert cells[2] == "Menunggu dikirim"
    assert cells[3] == "3171********0002"
    assert "1 menunggu dikirim" in window.statusBar().currentMessage()
    store.close()


def test_demo_launch_seeds_and_quits_by_itself(data_dir: Path) -> None:
    import subprocess
    import sys

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
            "0.5",
        ],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    store = Store.open(data_dir)
    assert store.count() == 3
    store.close()
