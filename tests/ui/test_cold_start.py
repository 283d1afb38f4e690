"""The path to the first paint imports none of the heavy modules (bench/ui.py measures it).

Each check runs in a fresh interpreter: in this one, other tests have imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers.processes import ENV, ROOT

HEAVY = ("cv2", "reportlab", "requests", "sqlalchemy", "alembic", "numpy")
"""OpenCV, ReportLab, requests, the SQLAlchemy models and the migrations' Alembic: each loads
when first needed, after the sign-in screen is on screen."""


def _heavy_modules_after(code: str) -> list[str]:
    probe = (
        code
        + "\nimport json, sys\n"
        + f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_importing_the_main_window_imports_no_heavy_module() -> None:
    assert _heavy_modules_after("import ui.main_window") == []
    assert _heavy_modules_after("import ui.shell") == []


def test_the_first_paint_of_the_sign_in_screen_imports_no_heavy_module() -> None:
    """The window as the shell shows it before the store has opened, painted."""
    first_paint = """
import tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kiosk.settings import Settings
from ui.context import AppContext
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

app = QApplication([])
context = AppContext(settings=Settings(), tasks=TaskRunner(), languages=LanguageManager(app))
window = MainWindow(context)
window.show()
window.repaint()
app.processEvents()
assert window.current == "signin", window.current
assert window.isVisible()
"""
    assert _heavy_modules_after(first_paint) == []
