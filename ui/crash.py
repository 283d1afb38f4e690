"""One last net: unexpected exceptions (main or worker threads) are logged, saved as a report
in the data dir and shown to the operator with what to do; Qt's own messages go to logging."""

from __future__ import annotations

import collections
import logging
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.logs import MaskPersonalData
from kiosk.masking import mask_numbers_in_text

log = logging.getLogger("kiosk.ui")
qt_log = logging.getLogger("kiosk.ui.qt")


class RecentLines(logging.Handler):
    def __init__(self, size: int = 200) -> None:
        super().__init__()
        self.lines: collections.deque[str] = collections.deque(maxlen=size)
        self.addFilter(MaskPersonalData())
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _qt_message(mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)
    qt_log.log(level, "%s", message)


def install(reports_dir: Path) -> RecentLines:
    recent = RecentLines()
    logging.getLogger().addHandler(recent)
    qInstallMessageHandler(_qt_message)

    def report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = mask_numbers_in_text("".join(traceback.format_exception(kind, value, tb)))
        log.error("unexpected error: %s", text)
        reports_dir.mkdir(parents=True, exist_ok=True)
        path = reports_dir / f"crash-{datetime.now():%Y%m%d-%H%M%S}.txt"
        path.write_text(text + "\n--- recent log ---\n" + "\n".join(recent.lines), encoding="utf-8")
        if (
            QApplication.instance() is not None
            and threading.current_thread() is threading.main_thread()
        ):
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                "Terjadi kesalahan / Unexpected error",
                "Terjadi kesalahan yang tidak terduga. Data yang sudah disimpan "
                "aman. Laporan disimpan di:\n"
                f"{path}\nKirim berkas ini ke petugas TI.\n\n"
                "An unexpected error happened. Saved data is safe. A report was "
                "saved; send it to IT support.",
            )
            box.setDetailedText("\n".join(list(recent.lines)[-30:]) + "\n\n" + text)
            box.exec()

    sys.excepthook = report

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        report(args.exc_type, args.exc_value or Exception(), args.exc_traceback)

    threading.excepthook = thread_hook
    return recent
