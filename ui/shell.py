"""The app shell: wires the store, settings and the main window together, and nothing else."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.paths import resolve_data_dir
from kiosk.settings import Profile, load_settings, save_settings
from kiosk.store import Store
from ui.main_window import MainWindow


def launch(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    settings = load_settings(data_dir)
    if args.profile:
        settings.profile = Profile(args.profile)
        save_settings(data_dir, settings)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Anjungan Adminduk")
    store = Store.open(data_dir)
    if args.demo and store.count() == 0:
        from ui.demo import seed_demo_applications

        seed_demo_applications(store)
    window = MainWindow(store, settings, demo=args.demo)
    window.show()
    if args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    code = app.exec()
    store.close()
    return int(code)
