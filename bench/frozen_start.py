"""Cold start of the frozen app to the sign-in screen, beside the source install, in one run.

Run: .venv/bin/python bench/frozen_start.py [--runs 7] [--app PATH]

Both are started the way a user starts them, as fresh processes on the offscreen platform:
the source install as `.venv/bin/kiosk run --smoke-test`, the frozen app as
`<app dir>/kiosk run --smoke-test` (PATH defaults to the app dir installer/build-deb makes
under build/, built first if it is stale; pass /usr/bin/kiosk for the installed package).
The time is wall time from spawning to the "READY signin" line, which the app prints once the
store has opened (migrations checked) and the sign-in screen has painted (ui/shell.py). Each
one first runs once on its own data dir, so the store exists and the OS file cache is warm, as
on a kiosk that starts every morning; then the
two alternate for `--runs` runs and the medians are printed. `kiosk --version` (the command
line without Qt) is timed the same way.
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

ROOT = Path(__file__).resolve().parents[1]
FROZEN_APP = ROOT / "build" / "pyinstaller" / "dist" / "kelurahan-kiosk" / "kiosk"
SOURCE_APP = ROOT / ".venv" / "bin" / "kiosk"
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": "qt.qpa.*=false"}


def started(program: Path, args: list[str], expect: str) -> float:
    """Seconds from spawning `program args` to its first stdout line, which must be `expect`."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(program), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd="/"
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().strip()
    elapsed = time.perf_counter() - start
    _, err = proc.communicate(timeout=120)
    if not line.startswith(expect) or proc.returncode != 0:
        raise RuntimeError(f"{program} {args}: {line!r}, exit {proc.returncode}: {err.decode()}")
    return elapsed


def build_frozen() -> None:
    done = subprocess.run([str(ROOT / "installer" / "build-deb")], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"installer/build-deb failed:\n{done.stderr[-4000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--app", type=Path, help="frozen kiosk program (default: the build's)")
    args = parser.parse_args()
    frozen = args.app or FROZEN_APP
    if args.app is None:
        build_frozen()
    programs = {"source install (.venv/bin/kiosk)": SOURCE_APP, "frozen app": frozen}
    with tempfile.TemporaryDirectory(prefix="frozen-bench-") as tmp:
        data_dirs = {label: Path(tmp, str(i)) for i, label in enumerate(programs)}
        signin: dict[str, list[float]] = {label: [] for label in programs}
        version: dict[str, list[float]] = {label: [] for label in programs}
        for label, program in programs.items():  # creates the store, warms the file cache
            started(program, ["run", "--smoke-test", "--data-dir", str(data_dirs[label])], "READY")
        for _ in range(args.runs):
            for label, program in programs.items():
                data = ["--data-dir", str(data_dirs[label])]
                signin[label].append(started(program, ["run", "--smoke-test", *data], "READY"))
                version[label].append(started(program, ["--version"], "kiosk "))
    print(f"cold start, median of {args.runs} fresh processes (offscreen); frozen app: {frozen}")
    print(f"  {'':40} {'to sign-in screen':>18} {'kiosk --version':>16}")
    medians = {label: statistics.median(values) for label, values in signin.items()}
    for label in programs:
        print(
            f"  {label:40} {medians[label] * 1000:15.0f} ms "
            f"{statistics.median(version[label]) * 1000:13.0f} ms"
        )
    source, frozen_median = medians.values()
    print(f"  frozen / source: {frozen_median / source:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
