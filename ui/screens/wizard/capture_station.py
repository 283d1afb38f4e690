"""Capturing one document: camera (Space), scanner (F6), file (F7) or the signature pad.

The image is checked, flattened and compressed in a background task and put in the vault for
the draft. A clean image is accepted at once; one with quality issues waits for the operator:
retake (F8), or accept it with a written reason (Enter in the reason field; a petugas then
needs a supervisor's approval, asked for by the capture page).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from devices.document import DOCUMENT_KINDS
from kiosk.validation import Issue
from ui.capture.corner_model import CornerResult
from ui.capture.signature_pad import SignaturePad
from ui.context import AppContext
from ui.screens.wizard.camera_view import CameraView
from ui.screens.wizard.capture_buttons import ButtonLayout, CaptureButtons
from ui.screens.wizard.capture_jobs import (
    ask_open_path,
    camera_job,
    capture_job,
    corners_job,
    file_job,
    scan_job,
)
from ui.screens.wizard.capture_result import CaptureResult
from ui.screens.wizard.corner_editor import CornerEditor
from ui.screens.wizard.widgets import (
    coloured,
    error_text,
    inline_colours,
    language,
)
from ui.tasks import BusyPolicy
from ui.viewmodels.capture import CapturedFile
from ui.viewmodels.checklist import ChecklistItem

VIEW_CAMERA, VIEW_RESULT, VIEW_PAD, VIEW_CORNERS = 0, 1, 2, 3
CORNER_KINDS = {"card": "ktp"}  # catalog document kind -> DocumentKind name (else A4 landscape)


class CaptureStation(QWidget):
    """Signals:
    captured(CapturedFile): a new image for the current item (clean or with issues).
    override_requested(str): the operator accepts the current image with this reason.
    """

    captured = Signal(object)
    override_requested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.open_path: Callable[[QWidget], Path | None] = ask_open_path
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        self.views = QStackedWidget(self)
        self.camera = CameraView(self.views)
        self.camera.ready.connect(self._ready)
        self.camera.auto_capture.connect(self._auto_capture)
        self.result = CaptureResult(self.views)
        self.result.override_requested.connect(self.override_requested)
        # The parts the wizard and its tests reach for.
        self.picture, self.issues = self.result.picture, self.result.issues
        self.reason = self.result.reason
        self.pad = SignaturePad(self.views)
        self.corners = CornerEditor(self.views)
        self.corners.accepted.connect(self._corners_accepted)
        self.corners.cancelled.connect(self._corners_cancelled)
        for view in (self.camera, self.result, self.pad, self.corners):
            self.views.addWidget(view)
        layout.addWidget(self.views, 1)
        self.buttons = CaptureButtons(self)
        b = self.buttons
        # The names the capture page, the self-service kiosk and their tests reach for.
        self.shutter_button, self.scan_button, self.import_button = b.shutter, b.scan, b.import_file
        self.retake_button, self.corners_button = b.retake, b.corners
        self.use_corners_button, self.clear_pad_button = b.use_corners, b.clear_pad
        self.sign_button = b.sign
        for button, action in (
            (b.shutter, self.shutter),
            (b.sign, self.save_signature),
            (b.clear_pad, self.pad.clear),
            (b.scan, self.scan),
            (b.import_file, self.import_file),
            (b.corners, self.adjust_corners),
            (b.use_corners, self.corners.accept),
            (b.retake, self.retake),
        ):
            button.clicked.connect(action)
        for row in b.rows:
            layout.addLayout(row)
        self.status = QLabel(self)
        self.status.setObjectName("capture-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.busy = BusyPolicy(self)
        self.busy.visible_changed.connect(self._show_busy)
        self.item: ChecklistItem | None = None
        self.file: CapturedFile | None = None
        self.working = False
        self._update_buttons()
        self.retranslate()

    # --- devices --------------------------------------------------------------------------
    def _device(self, name: str) -> Any:
        return getattr(self.context.devices, name, None)

    @property
    def camera_device(self) -> Any:
        devices = self.context.devices
        kind = self.item.document.kind if self.item is not None else ""
        return devices.camera_for(kind) if devices is not None else None

    @property
    def import_folder(self) -> Path | None:  # the file picker opens there
        return getattr(self.context.devices, "import_folder", None)

    # --- showing ----------------------------------------------------------------------------
    def show_item(self, item: ChecklistItem | None, file: CapturedFile | None) -> None:
        self.item, self.file = item, file
        self.status.clear()
        self.reason.clear()
        if item is None:
            self.camera.stop()
            self.views.setCurrentIndex(VIEW_CAMERA)
            self.camera.show_message(self.tr("Semua dokumen sudah lengkap."))
        elif file is not None:
            self.camera.stop()
            self._show_result(file)
        elif item.document.kind == "signature":
            self.camera.stop()
            self.pad.clear()
            self.views.setCurrentIndex(VIEW_PAD)
        else:
            self.views.setCurrentIndex(VIEW_CAMERA)
            self.start_camera()
        self._update_buttons()
        self.retranslate()

    def start_camera(self) -> None:
        if self.item is None or self.views.currentIndex() != VIEW_CAMERA or not self.isVisible():
            return
        camera = self.camera_device
        if camera is None:
            self.camera.show_no_camera(self.import_folder)
            return
        kind = self.item.document.kind
        mode = "selfie" if kind == "selfie" else "document"
        self.camera.start(camera, mode, "ktp" if kind == "card" else "kk")

    def stop_camera(self) -> None:
        self.camera.stop()

    def set_button_layout(self, layout: ButtonLayout) -> None:
        """Rows under the preview (the default) or a column beside it (a self-service kiosk's
        screen has too little height for the rows: ui/screens/wizard/capture_buttons.py)."""
        station = self.layout()
        if layout is ButtonLayout.COLUMN and isinstance(station, QBoxLayout):
            self.buttons.put_beside(station, self.views)

    def shutdown(self) -> None:
        """Stops the camera and waits for its thread (closing, tests)."""
        self.camera.wait_stopped()

    def _show_result(self, file: CapturedFile) -> None:
        self.views.setCurrentIndex(VIEW_RESULT)
        self.result.show_file(file, language(self.context), inline_colours(self.context))

    # --- actions ----------------------------------------------------------------------------
    def shutter(self) -> None:
        if self.item is None or self.working or self.views.currentIndex() != VIEW_CAMERA:
            return
        worker = self.camera.worker
        if worker is None or worker.latest_frame() is None:
            self._error(self.tr("Kamera belum mengirim gambar; tunggu sebentar."))
            self.camera.clear_at_next_frame(self.status)
            return
        self._run(camera_job, self.context.store, worker.latest_frame, self.item.document)

    def _auto_capture(self) -> None:
        """The kiosk takes the picture itself (the kiosk setting `auto_capture`), with a
        sound and a flash, as document scanner apps do when the card is held steady."""
        if not self.context.settings.auto_capture or self.working:
            return
        if self.item is None or self.item.document.kind in ("selfie", "signature"):
            return
        QApplication.beep()
        self.camera.flash()
        self.shutter()

    def scan(self) -> None:
        scanner = self._device("scanner")
        if self.item is None or self.working:
            return
        if scanner is None:
            self._error(self.tr("Pemindai tidak tersedia."))
            return
        self._run(scan_job, self.context.store, scanner, self.item.document)

    def import_file(self) -> None:
        if self.item is None or self.working:
            return
        path = self.open_path(self)
        if path is not None:
            self._run(file_job, self.context.store, path, self.item.document)

    def save_signature(self) -> None:
        if self.item is None or self.working or self.views.currentIndex() != VIEW_PAD:
            return
        if not self.pad.model.is_signed:
            self._error(self.tr("Tanda tangan belum ada; minta pemohon menandatangani."))
            return
        image = self.pad.model.to_image()
        self._run(capture_job, self.context.store, image, self.item.document, "pad")

    def retake(self) -> None:
        if self.item is None or self.working:
            return
        self.file = None
        if self.item.document.kind == "signature":
            self.pad.clear()
            self.views.setCurrentIndex(VIEW_PAD)
        else:
            self.views.setCurrentIndex(VIEW_CAMERA)
            self.start_camera()
        self._update_buttons()

    def adjust_corners(self) -> None:
        """Opens the corner editor on the photo just taken (F9)."""
        file = self.file
        if self.item is None or self.working or file is None or file.original is None:
            return
        corners = np.array(file.corners, np.float64) if file.corners else None
        self._edit_corners(file.original, corners)

    def _edit_corners(self, image: np.ndarray, corners: np.ndarray | None) -> None:
        assert self.item is not None
        kind = DOCUMENT_KINDS[CORNER_KINDS.get(self.item.document.kind, "kk")]
        self.camera.stop()
        self.views.setCurrentIndex(VIEW_CORNERS)
        self.corners.edit(image, kind, corners)
        self._update_buttons()

    def _corners_accepted(self, result: CornerResult) -> None:
        file = self.file
        if self.item is None or self.working or file is None or file.original is None:
            return
        self._run(
            corners_job, self.context.store, file.original, self.item.document, file.source, result
        )

    def _corners_cancelled(self) -> None:
        if self.file is not None:
            self._show_result(self.file)
            self._update_buttons()

    def show_problem(self, problem: Issue) -> None:
        self._error(problem.message_en if language(self.context) == "en" else problem.message_id)
        self.reason.setFocus()

    def show_message(self, text: str) -> None:
        """A warning about the current image (e.g. an override still waiting for approval)."""
        self.status.setText(coloured(text, inline_colours(self.context).warning))
        self.reason.setFocus()

    # --- background jobs -----------------------------------------------------------------------
    def _run(self, job: Callable[..., CapturedFile], *args: Any) -> None:
        self.working = True
        self.busy.set_busy(True)
        self._update_buttons()
        self.status.clear()
        item = self.item
        self.context.tasks.run(
            job, *args, on_done=lambda f: self._done(item, f), on_error=self._failed
        )

    def _done(self, item: ChecklistItem | None, file: CapturedFile) -> None:
        self._finish()
        if item is not self.item:
            self.captured.emit(file)  # the operator moved on meanwhile: record, do not show
            return
        self.file = file
        self.camera.stop()
        if "no_document" in file.codes and file.original is not None:
            # Nothing detected: offer four corners to place by hand, not a dead end.
            self.captured.emit(file)
            self._edit_corners(file.original, None)
            return
        self._show_result(file)
        self._update_buttons()
        self.captured.emit(file)
        if file.issues:
            self.reason.setFocus()

    def _failed(self, error: Exception) -> None:
        self._finish()
        fallback = self.tr("Gambar tidak dapat diproses; coba lagi.")
        self._error(error_text(error, language(self.context), fallback))

    def _finish(self) -> None:
        self.working = False
        self.busy.set_busy(False)
        self._update_buttons()

    def _error(self, text: str) -> None:
        self.status.setText(coloured(text, inline_colours(self.context).error))

    def _show_busy(self, visible: bool) -> None:
        if visible:
            self.status.setText(self.tr("Memproses gambar…"))
        elif self.status.text() == self.tr("Memproses gambar…"):
            self.status.clear()

    def _ready(self, ready: bool) -> None:
        self.shutter_button.setDefault(ready)
        style = f"color: {inline_colours(self.context).ok}; font-weight: bold;" if ready else ""
        self.shutter_button.setStyleSheet(style)

    def _update_buttons(self) -> None:
        view = self.views.currentIndex()
        signature = self.item is not None and self.item.document.kind == "signature"
        idle = self.item is not None and not self.working
        self.shutter_button.setVisible(not signature)
        has_camera = self.camera_device is not None
        self.shutter_button.setEnabled(idle and view == VIEW_CAMERA and has_camera)
        self.sign_button.setVisible(signature)
        self.clear_pad_button.setVisible(signature)
        self.sign_button.setEnabled(idle and view == VIEW_PAD)
        self.scan_button.setEnabled(idle)
        self.import_button.setEnabled(idle)
        self.retake_button.setEnabled(idle and view in (VIEW_RESULT, VIEW_CORNERS))
        editable = self.file is not None and self.file.original is not None
        self.corners_button.setVisible(not signature and view != VIEW_CORNERS)
        self.corners_button.setEnabled(idle and view == VIEW_RESULT and editable)
        self.use_corners_button.setVisible(view == VIEW_CORNERS)
        self.use_corners_button.setEnabled(idle)

    def retranslate(self) -> None:
        self.camera.set_language(language(self.context))
        no_camera = self.item is not None and self.camera_device is None
        if no_camera and self.views.currentIndex() == VIEW_CAMERA:
            self.camera.show_no_camera(self.import_folder)
        self.shutter_button.setText(self.tr("Ambil &foto (Spasi)"))
        self.sign_button.setText(self.tr("&Simpan tanda tangan"))
        self.clear_pad_button.setText(self.tr("&Hapus coretan"))
        self.scan_button.setText(self.tr("&Pindai (F6)"))
        self.import_button.setText(self.tr("&Impor berkas (F7)"))
        self.retake_button.setText(self.tr("&Ulangi (F8)"))
        self.corners_button.setText(self.tr("Atur &sudut (F9)"))
        self.use_corners_button.setText(self.tr("Pakai sudut &ini (Enter)"))
        self.corners.retranslate()
        self.result.retranslate()
        if self.item is None:
            self.title.clear()
            self.hint.clear()
            return
        document = self.item.document
        lang = language(self.context)
        self.title.setText(f"<h3>{html.escape(document.name.get(lang))}</h3>")
        hints = {
            "selfie": self.tr("Pemohon memegang KTP-el di depan dada, wajah tanpa masker."),
            "signature": self.tr(
                "Pemohon tanda tangan di kotak, atau pindai tanda tangan di kertas putih."
            ),
        }
        hint = hints.get(
            document.kind, self.tr("Letakkan dokumen di depan kamera, keempat sudut terlihat.")
        )
        if document.original_only:
            hint += " " + self.tr("Harus dokumen ASLI, bukan fotokopi.")
        self.hint.setText(coloured(hint, inline_colours(self.context).warning))
        if self.file is not None and self.views.currentIndex() == VIEW_RESULT:
            self._show_result(self.file)
