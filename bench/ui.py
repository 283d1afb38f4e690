"""UI figures: cold start to the sign-in window and to a ready dashboard, and main-thread stalls.

Run: .venv/bin/python bench/ui.py [--count 10000] [--runs 5] [--skip-stall]

Cold start: each run is a fresh process (`python bench/ui.py --child MODE`) on the offscreen
platform; the time is wall time from spawning it to the line it prints once the target window
has painted. The baseline is an empty QMainWindow started the same way (same interpreter, same
font set-up). "sign-in" is the real `kiosk run` path (ui.shell.launch) on a data dir with
`--count` applications, up to the first paint of the sign-in window (the goal: at most 3x the
empty window); "sign-in usable" waits until the store has opened in the background (migration
check done) and the sign-in screen knows whether this is a first run; "dashboard" additionally
has an operator signed in (the argon2 password check is skipped: it is a fixed cost chosen for
security, not a UI cost) and waits until the applications table holds every application;
"dashboard, names shown" waits further until the name column (decrypted in a second
background task after the rows are shown) is filled for every row.
Median of `--runs` runs, modes interleaved.

Stalls (bench/ui_stall.py): the longest gap of the main thread's event loop (StallMeter from
tests/helpers/stall.py) during a full wizard run, and during browsing/searching the same
applications, both with the sync engine pushing the queue to a local kiosk-server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # figures are comparable across machines
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MODES = ("empty", "signin", "signin_ready", "dashboard", "dashboard_names")
BENCH_USER = "bench"
WINDOW = (1200, 780)
POLL_MS = 5


def prepare(data_dir: Path, count: int) -> None:
    """`count` applications (bench/store.py's bulk seed) and one operator."""
    from bench.store import seed
    from kiosk.accounts import Role
    from kiosk.local_store import Store

    store = Store.open(data_dir)
    try:
        seed(store, count)
        store.accounts.create(BENCH_USER, "Petugas Bench", "bench-sandi-123", Role.PETUGAS)
    finally:
        store.close()


def ready_when(window: object, condition: object) -> None:
    """Polls `condition` from the event loop; once true, paints, says READY and closes."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    # Every 5 ms, not back to back: a busy-polling main thread takes the interpreter lock from
    # the workers (the store opening, the table loading) that the figure is waiting for.
    timer = QTimer(window, interval=POLL_MS)

    def check() -> None:
        if condition():  # type: ignore[operator]
            timer.stop()
            window.repaint()
            print("READY", flush=True)
            window.close()

    timer.timeout.connect(check)
    timer.start()


def child(mode: str, data_dir: Path) -> int:
    if mode == "empty":
        from PySide6.QtGui import QFont
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        font = QFont(app.font())
        font.setPointSize(max(font.pointSize(), 12))
        app.setFont(font)
        window = QMainWindow()
        window.resize(*WINDOW)
        window.show()
        ready_when(window, lambda: window.isVisible())
        return int(app.exec())

    from ui import shell
    from ui.context import AppContext

    class ProbedWindow(shell.MainWindow):  # type: ignore[misc, valid-type]
        def __init__(self, context: AppContext) -> None:
            super().__init__(context)
            if mode == "signin":
                ready_when(self, lambda: self.current == "signin" and self.isVisible())
                return
            signin: Any = self.screens["signin"]
            if mode == "signin_ready":
                ready_when(self, lambda: self.isVisible() and signin.ready)
                return
            context.when_store_open(lambda: self._dashboard(context))

        def _dashboard(self, context: AppContext) -> None:
            from kiosk.operator import Operator, Role

            context.operator = Operator(BENCH_USER, "Petugas Bench", Role.PETUGAS)
            self.show_screen("applications", {})
            screen = self.screens["applications"]
            total = context.store.records.count()

            def filled() -> bool:
                model: Any = screen.model  # type: ignore[attr-defined]
                if not self.isVisible() or model.rowCount() != total:
                    return False
                if mode == "dashboard_names":
                    last = model.index(total - 1, model.NAME)
                    return bool(model.data(model.index(0, model.NAME)) and model.data(last))
                return True

            ready_when(self, filled)

    shell.MainWindow = ProbedWindow  # type: ignore[misc]
    return shell.launch(
        argparse.Namespace(
            data_dir=str(data_dir), profile=None, demo=False, quit_after=None, smoke_test=False
        )
    )


def one_run(mode: str, data_dir: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": "qt.qpa.*=false"}
    command = [sys.executable, __file__, "--child", mode, "--data-dir", str(data_dir)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = proc.communicate(timeout=120)
    if line.strip() != b"READY" or proc.returncode != 0:
        raise RuntimeError(f"{mode} run failed ({proc.returncode}): {err.decode()[-2000:]}")
    return elapsed


def cold_starts(data_dir: Path, runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {mode: [] for mode in MODES}
    one_run("signin", data_dir)  # warm the OS file cache once, so every mode starts alike
    for _ in range(runs):
        for mode in MODES:
            samples[mode].append(one_run(mode, data_dir))
    return {mode: statistics.median(values) for mode, values in samples.items()}


def print_cold_starts(medians: dict[str, float], runs: int) -> None:
    base = medians["empty"]
    print(f"cold start, median of {runs} fresh processes (offscreen):")
    print(f"  empty QMainWindow (baseline)          {base * 1000:7.0f} ms")
    for mode, label in (
        ("signin", "sign-in window (first paint)"),
        ("signin_ready", "sign-in usable (store open)"),
        ("dashboard", "dashboard, table filled"),
        ("dashboard_names", "dashboard, names shown"),
    ):
        value = medians[mode]
        print(f"  {label:<37} {value * 1000:7.0f} ms   ratio {value / base:5.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-stall", action="store_true")
    parser.add_argument("--skip-cold-start", action="store_true")
    parser.add_argument("--child", choices=(*MODES, "prepare"), help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "prepare":
        prepare(args.data_dir, args.count)
        return 0
    if args.child:
        return child(args.child, args.data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        start = time.perf_counter()
        # Seeded in a process of its own: its garbage would slow this one's collector.
        subprocess.run(
            [sys.executable, __file__, "--child", "prepare", "--data-dir", str(data_dir)]
            + ["--count", str(args.count)],
            check=True,
        )
        print(f"seeded {args.count} applications in {time.perf_counter() - start:.1f} s")
        if not args.skip_cold_start:
            print_cold_starts(cold_starts(data_dir, args.runs), args.runs)
        if not args.skip_stall:
            from bench.ui_stall import measure_stalls

            for line in measure_stalls(data_dir):
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
