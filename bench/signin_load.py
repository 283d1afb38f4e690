"""Sign-in while the shared task pool is busy: from Enter to the applications list.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/signin_load.py [--repeat 5] [--hold 20]

The baseline, measured in the same run, is sign-in with the shared pool idle. The other case
holds every thread of the shared pool with a slow job (as the demo server's start, a device
probe or a sync did on a busy machine) for `--hold` seconds. Before sign-in had a lane of its
own, that case waited for the held jobs to end: `--hold` seconds, plus the check itself.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.accounts import Role  # noqa: E402
from kiosk.local_store import Store  # noqa: E402
from kiosk.settings import Settings  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.i18n import LanguageManager  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.screens.signin import SignInScreen  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

PASSWORD = "rahasia-123"


def sign_in_ms(app: QApplication, context: AppContext, *, hold: float) -> float:
    release = threading.Event()
    if hold:
        for _ in range(context.tasks.pool.maxThreadCount()):
            context.tasks.run(release.wait, hold)
    window = MainWindow(context)
    signin = cast(SignInScreen, window.screens["signin"])
    signin.username.setText("siti")  # typed and pressed at once: the first-run question too
    # is part of what a press waits for
    signin.password.setText(PASSWORD)
    start = time.perf_counter()
    signin.password.returnPressed.emit()
    deadline = start + hold + 60
    while window.current != "applications" and time.perf_counter() < deadline:
        app.processEvents()
    took = (time.perf_counter() - start) * 1000
    release.set()
    context.operator = None
    window.close()
    context.tasks.wait()
    window.deleteLater()
    app.processEvents()
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--hold", type=float, default=20.0)
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        store.accounts.create("siti", "Siti Rahma", PASSWORD, Role.PETUGAS)
        context = AppContext(
            store=store, settings=Settings(), tasks=TaskRunner(), languages=LanguageManager(app)
        )
        idle = [sign_in_ms(app, context, hold=0) for _ in range(args.repeat)]
        busy = [sign_in_ms(app, context, hold=args.hold) for _ in range(args.repeat)]
        store.close()
    base, loaded = statistics.median(idle), statistics.median(busy)
    print(f"sign-in, shared pool idle (baseline): {base:7.0f} ms (median of {args.repeat})")
    print(
        f"sign-in, shared pool held {args.hold:.0f} s:   {loaded:7.0f} ms "
        f"({loaded / base:.1f}x the baseline)"
    )


if __name__ == "__main__":
    main()
