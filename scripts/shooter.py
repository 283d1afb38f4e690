"""What every screenshot script shares: waiting for a screen without a test runner's event
loop, saving a window as PNG, and closing a main window with its wizard."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from ui.main_window import MainWindow


class Shooter:
    def __init__(self, app: QApplication, out: Path, suffix: str = "") -> None:
        self.app, self.out, self.suffix = app, out, suffix
        out.mkdir(parents=True, exist_ok=True)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the screen did not get ready in time")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)
        for _ in range(5):  # let layouts settle and pixmaps paint
            self.app.processEvents()

    def save(self, widget: QWidget, name: str) -> None:
        path = self.out / f"{name}{self.suffix}.png"
        if not widget.grab().save(str(path), "PNG", 0):  # 0: smallest file
            raise OSError(f"cannot write {path}")
        print(f"saved {path}")


def close(window: MainWindow) -> None:
    wizard: Any = window.screens.get("wizard")
    if wizard is not None and hasattr(wizard, "shutdown"):
        wizard.shutdown()
    window.close()
