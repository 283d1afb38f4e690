"""The capture station's background jobs: grab, check, prepare and vault one image.

They run on TaskRunner workers; the camera job reads frames from the preview worker, whose
`latest_frame` is thread-safe. Every job ends in `_kept`: the printed title is read (once,
on the image kept) and the result put in the vault.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from devices.errors import DeviceDisconnected
from kiosk.catalog import Document
from kiosk.local_store import Store
from ui.capture.corner_model import CornerResult
from ui.jobs.wizard import store_capture
from ui.viewmodels.capture import CapturedFile, process_file, process_image
from ui.viewmodels.document_type import with_title_check

BURST_FRAMES = 4
BURST_GAP_S = 0.08


def _kept(store: Store, captured: CapturedFile, document: Document) -> CapturedFile:
    """The image as it will be kept: judged by its printed title, then in the vault."""
    return store_capture(store, with_title_check(captured, document))


def capture_job(store: Store, image: np.ndarray, document: Document, source: str) -> CapturedFile:
    return _kept(store, process_image(image, document, source), document)


def camera_job(
    store: Store, grab: Callable[[], np.ndarray | None], document: Document
) -> CapturedFile:
    """A short burst: the first of a few consecutive frames that passes the checks.

    Document detection can flicker from one frame to the next (a reflection, a hand moving),
    so one unlucky frame at the moment of the shutter should not cost the citizen a retake.
    """
    first: CapturedFile | None = None
    for attempt in range(BURST_FRAMES):
        if attempt:
            time.sleep(BURST_GAP_S)  # worker thread: let the camera deliver a new frame
        frame = grab()
        if frame is None:
            break
        result = process_image(frame, document, "camera")
        if not result.issues:
            return _kept(store, result, document)
        first = first or result
    if first is None:
        raise DeviceDisconnected("no frame from the camera")
    return _kept(store, first, document)


def corners_job(
    store: Store, image: np.ndarray, document: Document, source: str, result: CornerResult
) -> CapturedFile:
    """The same photo again, flattened at the corners the operator set in the corner editor."""
    prepared = process_image(image, document, source, result.corners, result.choice)
    return _kept(store, prepared, document)


def scan_job(store: Store, scanner: Any, document: Document) -> CapturedFile:
    return capture_job(store, scanner.scan(), document, "scanner")


def file_job(store: Store, path: Path, document: Document) -> CapturedFile:
    return _kept(store, process_file(path, document), document)


def ask_open_path(parent: QWidget) -> Path | None:
    """The file picker, opened on the kiosk's import folder (where a network scanner or a
    USB stick's files are put) and naming it in its title."""
    folder = getattr(parent, "import_folder", None)
    title = QCoreApplication.translate("CaptureStation", "Pilih berkas")
    if folder is not None:
        title = QCoreApplication.translate("CaptureStation", "Pilih berkas dari folder %1").replace(
            "%1", str(folder)
        )
    name, _ = QFileDialog.getOpenFileName(
        parent,
        title,
        str(folder) if folder is not None else "",
        "Gambar/PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp *.pdf)",
    )
    return Path(name) if name else None
