"""What the frozen-app smoke test relies on, checked on the source install in seconds:
`--version` of both commands and `kiosk run --smoke-test`."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERSION = version("kelurahan-kiosk")


def python_module(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *(str(arg) for arg in args)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": "qt.qpa.*=false"},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("module", "program"), [("ui.cli.main", "kiosk"), ("server.cli", "kiosk-server")]
)
def test_version_is_the_package_version(module: str, program: str) -> None:
    done = python_module(module, "--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{program} {VERSION}\n", "")


@pytest.mark.parametrize(("profile", "screen"), [("counter", "signin"), ("selfservice", "start")])
def test_smoke_test_names_the_first_screen_and_quits(
    tmp_path: Path, profile: str, screen: str
) -> None:
    done = python_module(
        "ui.cli.main", "run", "--profile", profile, "--smoke-test", "--data-dir", tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"READY {screen}\n"
