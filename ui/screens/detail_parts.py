"""Pieces of the detail screen: applicant fields, document thumbnails, the status history.

Thumbnails are decoded and scaled in a background task as QImage (safe off the main thread;
QPixmap is not) and only turned into pixmaps on the main thread.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.applications.records import AttachmentInfo
from kiosk.catalog import Catalog
from kiosk.errors import KioskError
from kiosk.local_store import Store
from kiosk.store.outbox import Delivery, OutboxState
from ui.look import PICTURE_FRAME_STYLE
from ui.screens.application_table import REJECTED_COLOUR, status_text
from ui.viewmodels.detail import HistoryEntry, split_message

THUMB_SIZE = 220
GRID_COLUMNS = 4


def thumbnails(store: Store, infos: list[AttachmentInfo]) -> list[QImage | None]:
    """Decrypted, decoded and scaled in a worker; None where there is no picture to show."""
    images: list[QImage | None] = []
    for info in infos:
        if info.sealed or not info.content_type.startswith("image/"):
            images.append(None)  # sealed: only the district server can open it
            continue
        try:
            image = QImage.fromData(store.records.read_attachment(info.sha256))
        except KioskError:
            images.append(None)
            continue
        if image.isNull():
            images.append(None)
            continue
        images.append(
            image.scaled(
                THUMB_SIZE,
                THUMB_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
    return images


class SyncLine(QLabel):
    """Where this version is on its way to the district's server, in one sentence."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)

    def show_state(self, sync: Delivery | None, language: str) -> None:
        heading = "<b>" + self.tr("Pengiriman ke Dukcapil:") + "</b> "
        self.setText(heading + escape(self.describe(sync, language)))

    def describe(self, sync: Delivery | None, language: str) -> str:
        if sync is None:
            return self.tr("Tidak ada antrean pengiriman untuk versi ini.")
        if sync.state is OutboxState.ACKNOWLEDGED:
            when = format_time(sync.acknowledged_at) if sync.acknowledged_at else ""
            return self.tr("Sudah diterima server Dukcapil %1.").replace("%1", when).strip()
        if sync.state is OutboxState.NEEDS_ATTENTION:
            problem = split_message(sync.error_message, language)
            return self.tr("Perlu tindakan petugas: %1").replace("%1", problem)
        if sync.state is OutboxState.SENDING:
            return self.tr("Sedang dikirim…")
        text = self.tr("Menunggu dikirim; akan dikirim otomatis saat jaringan tersedia.")
        if sync.attempts:
            text += " " + self.tr("Sudah dicoba %n kali.", "", sync.attempts)
        return text


class DocumentGrid(QWidget):
    """A captioned thumbnail per document; PDFs and unreadable files say so in words."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.captions: list[QLabel] = []
        self.pictures: list[QLabel] = []

    def show_attachments(
        self,
        infos: list[AttachmentInfo],
        images: list[QImage | None],
        catalog: Catalog,
        language: str,
    ) -> None:
        """Catalog names as captions; `images` may still be loading (shorter than `infos`)."""
        names = {d.code: d.name for d in catalog.documents}
        names.update({f.code.lower(): f.name for f in catalog.forms})
        items = []
        for i, info in enumerate(infos):
            name = names.get(info.document)
            caption = name.get(language) if name else info.document
            image = images[i] if i < len(images) else None
            if info.sealed:
                note = self.tr("Tersegel untuk server Dukcapil; tidak bisa dibuka di sini")
            elif info.content_type == "application/pdf":
                note = self.tr("Formulir PDF")
            elif i >= len(images):
                note = self.tr("Memuat…")
            else:
                note = self.tr("Gambar tidak tersedia")
            items.append((caption, image, note))
        self.show_documents(items)

    def show_documents(self, items: list[tuple[str, QImage | None, str]]) -> None:
        """(caption, image or None, text shown instead of a missing picture)."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.captions, self.pictures = [], []
        for i, (caption, image, note) in enumerate(items):
            box = QWidget(self)
            layout = QVBoxLayout(box)
            layout.setContentsMargins(4, 4, 12, 4)
            picture = QLabel(box)
            picture.setFixedSize(THUMB_SIZE, THUMB_SIZE * 2 // 3)
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setStyleSheet(PICTURE_FRAME_STYLE)
            if image is not None:
                picture.setPixmap(
                    QPixmap.fromImage(image).scaled(
                        picture.size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            else:
                picture.setText(note)
                picture.setWordWrap(True)
            label = QLabel(caption, box)
            label.setWordWrap(True)
            # Room for two lines, fixed: a grid does not ask wrapped labels for their height.
            label.setFixedSize(THUMB_SIZE, 2 * label.fontMetrics().lineSpacing() + 6)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(picture)
            layout.addWidget(label)
            layout.addStretch(1)
            self.grid.addWidget(box, i // GRID_COLUMNS, i % GRID_COLUMNS)
            self.captions.append(label)
            self.pictures.append(picture)


class HistoryTable(QTableWidget):
    """Every status with its time, and for a rejection the reason and what to fix."""

    def __init__(self) -> None:
        super().__init__(0, 4)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setTabKeyNavigation(False)  # Tab goes on to the buttons; arrows scroll the rows
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        for column, width in enumerate((170, 60, 230)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.entries: list[HistoryEntry] = []
        self.language = "id"

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [self.tr("Waktu"), self.tr("Versi"), self.tr("Status"), self.tr("Keterangan")]
        )
        self.show_entries(self.entries, self.language)

    def note(self, entry: HistoryEntry) -> str:
        lines = []
        if entry.reason:
            lines.append(self.tr("Alasan: %1").replace("%1", entry.reason))
        if entry.fix_hint:
            lines.append(self.tr("Yang perlu diperbaiki: %1").replace("%1", entry.fix_hint))
        return "\n".join(lines)

    def show_entries(self, entries: list[HistoryEntry], language: str) -> None:
        self.entries, self.language = entries, language
        self.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = (
                format_time(entry.at),
                str(entry.version),
                status_text(entry.status, language),
                self.note(entry),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if entry.status == "rejected":
                    item.setForeground(REJECTED_COLOUR)
                self.setItem(row, column, item)


class ApplicantFields(QGroupBox):
    """The applicant's data as label: value rows, readable and selectable."""

    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout(self)
        self.values: dict[str, str] = {}

    def show_fields(self, rows: list[tuple[str, str]]) -> None:
        """(key, value) rows; known keys get a translated label and a readable value."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values = {}
        for key, value in rows:
            text = self._value(key, value)
            self.values[key] = text
            value_label = QLabel(text)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setWordWrap(True)
            self.form.addRow(QLabel(self._label(key) + ":"), value_label)

    def _label(self, key: str) -> str:
        labels = {
            "service": self.tr("Layanan"),
            "nik": self.tr("NIK"),
            "no_kk": self.tr("Nomor KK"),
            "name": self.tr("Nama lengkap"),
            "birth_date": self.tr("Tanggal lahir"),
            "sex": self.tr("Jenis kelamin"),
            "phone": self.tr("Nomor WhatsApp"),
            "alamat": self.tr("Alamat"),
            "rt": self.tr("RT"),
            "rw": self.tr("RW"),
            "kode_wilayah": self.tr("Kelurahan/desa"),
            "submitted": self.tr("Diajukan"),
        }
        return labels.get(key, key)

    def _value(self, key: str, value: str) -> str:
        if key == "sex":
            return {"L": self.tr("Laki-laki"), "P": self.tr("Perempuan")}.get(value, value)
        if key == "birth_date" and value:
            try:
                return f"{date.fromisoformat(value):%d-%m-%Y}"
            except ValueError:
                return value
        return value


def format_time(moment: datetime) -> str:
    return f"{moment.astimezone():%d-%m-%Y %H:%M}"
