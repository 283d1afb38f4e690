"""Connecting this device to the district server, by a supervisor, without a terminal.

What `kiosk enroll` does, on a screen: the server's address and the one-time code from
Dukcapil go in; the enrollment runs in a background task (no frozen window while the network
answers); afterwards the server's sealing-key fingerprint is shown in groups of four, large,
so the supervisor reads it aloud and Dukcapil confirms it on the phone: a wrong fingerprint
means the device is talking to the wrong server. Only a supervisor or admin may enroll.
"""

from __future__ import annotations

import html
import socket

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.local_store import Store
from kiosk.operator import APPROVER_ROLES
from ui.context import AppContext
from ui.look import ERROR_TEXT_STYLE

ERROR_STYLE = ERROR_TEXT_STYLE


def grouped(fingerprint: str) -> str:
    """'ab12cd34...' -> 'AB12 CD34 ...' (easier to read aloud and compare)."""
    text = fingerprint.upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def enroll_device(store: Store, server: str, code: str, name: str) -> tuple[str, str | None]:
    """Runs in a worker: enrolls and returns (office code, sealing-key fingerprint or None)."""
    from sync.enrollment import enroll

    enrollment = enroll(store, server, code, name)
    key = store.state.seal_key()
    return enrollment.office_code, key.fingerprint if key is not None else None


class EnrollmentDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("enrollment")
        self.setWindowTitle(self.tr("Daftarkan perangkat ke server Dukcapil"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            self.tr(
                "Isi alamat server dan kode pendaftaran dari Dukcapil (berlaku sekali). "
                "Setelah terdaftar, bacakan sidik jari kunci server kepada petugas Dukcapil "
                "dan pastikan sama."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.server = QLineEdit(self)
        self.server.setObjectName("enroll-server")
        self.server.setPlaceholderText("https://dukcapil.example.go.id")
        self.code = QLineEdit(self)
        self.code.setObjectName("enroll-code")
        self.code.setPlaceholderText("ABCD-EFGH-JKMN")
        self.name = QLineEdit(socket.gethostname()[:80], self)
        self.name.setObjectName("enroll-name")
        for text, editor in (
            (self.tr("Alamat &server"), self.server),
            (self.tr("&Kode pendaftaran"), self.code),
            (self.tr("&Nama perangkat"), self.name),
        ):
            label = QLabel(text, self)
            label.setBuddy(editor)
            form.addRow(label, editor)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("enroll-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.message)
        self.fingerprint = QLabel(self)
        self.fingerprint.setObjectName("enroll-fingerprint")
        font = QFont(self.fingerprint.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        font.setFamily("monospace")
        self.fingerprint.setFont(font)
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.hide()
        layout.addWidget(self.fingerprint)
        buttons = QHBoxLayout()
        self.enroll_button = QPushButton(self.tr("&Daftarkan"), self)
        self.enroll_button.setObjectName("enroll-submit")
        self.enroll_button.setDefault(True)
        self.enroll_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("&Tutup (Esc)"), self)
        self.close_button.setObjectName("enroll-close")
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.enroll_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.enrolled = False
        self.allowed = context.operator is not None and context.operator.role in APPROVER_ROLES
        if not self.allowed:
            self._say(
                self.tr(
                    "Hanya supervisor yang dapat mendaftarkan perangkat. Minta supervisor "
                    "masuk dengan akunnya, lalu buka layar ini lagi."
                ),
                error=True,
            )
        for widget in (self.server, self.code, self.name, self.enroll_button):
            widget.setEnabled(self.allowed)
        (self.server if self.allowed else self.close_button).setFocus()

    def _say(self, text: str, *, error: bool = False) -> None:
        style = ERROR_STYLE if error else ""
        self.message.setText(f"<span style='{style}'>{html.escape(text)}</span>")

    def start(self) -> None:
        if not self.allowed or self.enrolled:
            return
        server, code = self.server.text().strip(), self.code.text().strip()
        if not server.startswith(("http://", "https://")):
            self._say(self.tr("Alamat server harus diawali https:// (atau http://)."), error=True)
            self.server.setFocus()
            return
        if not code:
            self._say(self.tr("Isi kode pendaftaran dari Dukcapil."), error=True)
            self.code.setFocus()
            return
        self.enroll_button.setEnabled(False)
        self._say(self.tr("Menghubungi server…"))
        self.context.tasks.run(
            enroll_device,
            self.context.store,
            server,
            code,
            self.name.text().strip() or "kiosk",
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, result: tuple[str, str | None]) -> None:
        office, fingerprint = result
        self.enrolled = True
        for widget in (self.server, self.code, self.name):
            widget.setEnabled(False)
        text = self.tr(
            "Terdaftar untuk kantor %1. Sinkronisasi mulai saat aplikasi dibuka ulang."
        ).replace("%1", office)
        if fingerprint is None:
            text += " " + self.tr(
                "Server belum punya kunci segel; data disegel begitu kunci tersedia."
            )
            self._say(text)
        else:
            self._say(
                text
                + " "
                + self.tr("Bacakan sidik jari kunci server ini; Dukcapil harus melihat yang sama:")
            )
            self.fingerprint.setText(grouped(fingerprint))
            self.fingerprint.show()
        self.close_button.setFocus()

    def _failed(self, error: Exception) -> None:
        self.enroll_button.setEnabled(True)
        english = self.context.languages.language == "en"
        message_id = getattr(error, "message_id", None)
        message_en = getattr(error, "message_en", None)
        if isinstance(message_id, str) and isinstance(message_en, str):
            detail = message_en if english else message_id
        elif isinstance(error, KioskError):
            detail = error.message_en if english else error.message_id
        else:
            detail = self.tr("Kesalahan tak terduga; coba lagi atau hubungi TI.")
        self._say(self.tr("Pendaftaran gagal: %1").replace("%1", detail), error=True)
        self.code.setFocus()
