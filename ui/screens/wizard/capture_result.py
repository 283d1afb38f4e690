"""The captured image as checked: the picture, what the checks found, and the override.

Shown by the capture station after every capture. An image with quality issues waits here
for the operator's decision: retake, or accept it with a written reason (Enter in the reason
field), which `override_requested` carries to the capture page. A citizen at the
self-service kiosk (`citizen`) is not offered the override: accepting a bad image is a staff
decision, so a retake or the staff at the counter instead.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.validation import Issue, Severity
from ui.screens.wizard.widgets import (
    COUNTER_COLOURS,
    InlineColours,
    issue_html,
    pixmap_from,
    scaled,
)
from ui.viewmodels.capture import CapturedFile


class CaptureResult(QWidget):
    """Signals:
    override_requested(str): the operator accepts the shown image with this reason.
    retranslated(): the texts were set again (the self-service kiosk adapts them then).
    """

    override_requested = Signal(str)
    retranslated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(240, 150)  # fits the documents step at 1024x768
        self.issues = QLabel(self)
        self.issues.setWordWrap(True)
        self.issues.setObjectName("capture-issues")
        override_row = QHBoxLayout()
        self.reason = QLineEdit(self)
        self.reason.setObjectName("override-reason")
        self.reason.returnPressed.connect(self._override)
        self.accept_button = QPushButton(self)
        self.accept_button.clicked.connect(self._override)
        override_row.addWidget(self.reason, 1)
        override_row.addWidget(self.accept_button)
        self.citizen = False
        self.help = QLabel(self)  # the citizen's way on instead of the override
        self.help.setObjectName("capture-help")
        self.help.setWordWrap(True)
        self.help.hide()
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.issues)
        layout.addLayout(override_row)
        layout.addWidget(self.help)
        self.retranslate()

    def show_file(
        self, file: CapturedFile, lang: str, colours: InlineColours = COUNTER_COLOURS
    ) -> None:
        """The image, its findings, and the override row while a decision is still due."""
        self.picture.setPixmap(scaled(pixmap_from(file.thumbnail), 480, 320))
        if file.sealed_ref:
            self.picture.setText(self.tr("(dokumen lama, tersegel untuk server Dukcapil)"))
        elif not file.thumbnail:
            self.picture.setText(self.tr("(berkas PDF)"))
        lines = [issue_html(_as_issue(i), lang, colours=colours) for i in file.issues]
        if file.issues and file.override_reason:
            note = self.tr("Diterima dengan alasan: %1").replace("%1", file.override_reason)
            if file.approved_by:
                note += " " + self.tr("(disetujui oleh %1)").replace("%1", file.approved_by)
            lines.append(f"<span style='color:{colours.ok}'>{html.escape(note)}</span>")
        elif not file.issues:
            text = (
                self.tr("Dokumen lama dipakai lagi") if file.source == "kept" else self.tr("Baik")
            )
            lines.append(f"<span style='color:{colours.ok}'>✔ {html.escape(text)}</span>")
        self.issues.setText("<br>".join(lines))
        undecided = bool(file.issues) and not file.override_reason
        self.reason.setVisible(undecided and not self.citizen)
        self.accept_button.setVisible(undecided and not self.citizen)
        self.help.setVisible(undecided and self.citizen)

    def _override(self) -> None:
        self.override_requested.emit(self.reason.text())

    def retranslate(self) -> None:
        self.accept_button.setText(self.tr("&Terima dengan alasan"))
        self.reason.setPlaceholderText(self.tr("Alasan menerima gambar ini (min. 10 huruf)"))
        self.help.setText(self.tr("Sentuh Foto ulang, atau minta bantuan petugas di loket."))
        self.retranslated.emit()


def _as_issue(item: Any) -> Issue:
    """A device quality issue in the validator's shape, for one way of showing messages."""
    return Issue(item.code, Severity.WARNING, item.message_id, item.message_en, "image")
