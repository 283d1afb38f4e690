"""Debug mode's guard: the store used on the Qt main thread by widget code is an error.

The main thread only draws and reacts (docs/architecture.md, "Threads"); database work goes
through the TaskRunner. With `KIOSK_DEBUG=1` (and always in the GUI tests) every session the
store opens checks where it was asked for: on the main thread, with a widget module of ui/ on
the call stack, it raises StoreOnGuiThread instead of silently stalling the window. Test code
and the Qt-free layers (view models, jobs, the CLI) calling the store directly are not widget
code and pass.
"""

from __future__ import annotations

import os
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store.core import StoreCore

DEBUG_ENV = "KIOSK_DEBUG"
WIDGET_CODE = (
    "ui.screens",
    "ui.main_window",
    "ui.status_bar",
    "ui.shell",
    "ui.idle",
    "ui.capture.preview_widget",
    "ui.capture.signature_pad",
)
"""Modules whose code runs on the Qt main thread: they must hand store work to a worker."""


class StoreOnGuiThread(RuntimeError):
    """The store was used on the Qt main thread by widget code (debug mode)."""


def debug_mode() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def _widget_caller() -> str | None:
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        module = str(frame.f_globals.get("__name__", ""))
        if any(module == w or module.startswith(w + ".") for w in WIDGET_CODE):
            return f"{module}:{frame.f_lineno} ({frame.f_code.co_name})"
        frame = frame.f_back
    return None


def install(core: StoreCore) -> None:
    """Makes every store use on THIS thread (the Qt main thread) from widget code raise."""
    gui_thread = threading.get_ident()

    def guard() -> None:
        if threading.get_ident() != gui_thread:
            return
        caller = _widget_caller()
        if caller is not None:
            raise StoreOnGuiThread(
                f"the store was used on the Qt main thread by {caller}; run it through "
                "context.tasks.run(...) instead"
            )

    core.thread_guard = guard
