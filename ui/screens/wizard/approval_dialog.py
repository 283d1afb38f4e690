"""A supervisor approves, at a petugas's counter, accepting an image that failed a check.

Keyboard only: the supervisor types their username, Enter, their password, Enter; Escape
cancels (nothing is accepted, the image stays undecided). The password check runs on the
TaskRunner (ui/viewmodels/approval.py); a result that arrives after Cancel is ignored.
One dialog per capture page, reused for every request.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.accounts import AuthError
from ui.context import AppContext
from ui.screens.wizard.widgets import (
    ERROR_COLOUR,
    WARNING_COLOUR,
    error_text,
    language,
    pixmap_from,
    scaled,
)
from ui.viewmodels.approval import OverrideRequest, approve_override, missing_field

PICTURE_SIZE = (360, 260)
"""The judged image's box: large enough to see the blur or glare the check found."""


class ApprovalDialog(QDialog):
    """Signals:
    approved(str): the approver's username; the dialog has closed.
    """

    approved = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("approval-dialog")
        self.setMinimumWidth(640)
        font = QFont(self.font())
        font.setPointSize(max(font.pointSize() + 3, 14))  # as readable as the wizard's buttons
        self.setFont(font)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("approval-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.heading)
        # The image being judged beside the request: the dialog must not hide it.
        judged = QHBoxLayout()
        self.picture = QLabel(self)
        self.picture.setObjectName("approval-picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(PICTURE_SIZE[0] // 2, PICTURE_SIZE[1] // 2)
        judged.addWidget(self.picture)
        judged.addWidget(self.summary, 1)
        layout.addLayout(judged)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.username.setObjectName("approval-username")
        self.password = QLineEdit(self)
        self.password.setObjectName("approval-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username)
        self.password_label = QLabel(self)
        self.password_label.setBuddy(self.password)
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("approval-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        for button in (self.ok_button, self.cancel_button):
            button.setMinimumHeight(56)
        self.ok_button.setDefault(True)  # Enter in either field means OK
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.request: OverrideRequest | None = None
        self.checking = False
        self._attempt = 0
        """Bumped on every close, so a check still running then cannot approve anything."""
        self.retranslate()

    # --- asking -------------------------------------------------------------------------
    def ask(
        self,
        request: OverrideRequest,
        document_name: str,
        problems: list[str],
        thumbnail: bytes = b"",
    ) -> None:
        """Shows the request and the image (window-modal, not blocking) with empty fields."""
        self.request = request
        self.picture.setPixmap(scaled(pixmap_from(thumbnail), *PICTURE_SIZE))
        self._attempt += 1
        self._set_checking(False)
        self.username.clear()
        self.password.clear()
        self.error.clear()
        self.retranslate()
        rows = [
            (self.tr("Dokumen"), document_name),
            (self.tr("Masalah"), "; ".join(problems)),
            (self.tr("Alasan petugas"), request.reason),
        ]
        self.summary.setText(
            "<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in rows)
        )
        self.open()
        self.username.setFocus()

    def cancel(self) -> None:
        """Closes without approving, also while a check runs (the page is being left)."""
        if self.isVisible():
            self.reject()

    # --- QDialog --------------------------------------------------------------------------
    def accept(self) -> None:
        """OK or Enter: starts the check; the dialog closes only once it succeeded."""
        if self.request is None or self.checking:
            return
        username, password = self.username.text(), self.password.text()
        missing = missing_field(username, password)
        if missing == "username":
            self._show_error(self.tr("Isi nama pengguna supervisor."), self.username)
            return
        if missing == "password":
            if self.password.hasFocus():
                self._show_error(self.tr("Isi kata sandi supervisor."), self.password)
            self.password.setFocus()  # Enter after the username moves on, without a scolding
            return
        self.error.clear()
        self._set_checking(True)
        attempt = self._attempt
        self.context.tasks.run(
            approve_override,
            self.context.store,
            self.request,
            username,
            password,
            on_done=lambda approver: self._approved(attempt, approver),
            on_error=lambda error: self._refused(attempt, error),
        )

    def reject(self) -> None:
        self._attempt += 1
        self._set_checking(False)
        self.password.clear()
        super().reject()

    # --- results ----------------------------------------------------------------------------
    def _approved(self, attempt: int, approver: str) -> None:
        if attempt != self._attempt:
            return  # cancelled meanwhile: nothing is accepted
        self._attempt += 1
        self._set_checking(False)
        self.password.clear()
        super().accept()
        self.approved.emit(approver)

    def _refused(self, attempt: int, error: Exception) -> None:
        if attempt != self._attempt:
            return
        self._set_checking(False)
        fallback = self.tr("Persetujuan tidak dapat diperiksa; coba lagi.")
        text = error_text(error, language(self.context), fallback)
        wrong_person = isinstance(error, AuthError) and error.code in ("not_allowed", "locked")
        self.password.clear()
        self._show_error(text, self.username if wrong_person else self.password)

    # --- helpers ----------------------------------------------------------------------------
    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        self.username.setReadOnly(checking)
        self.password.setReadOnly(checking)
        self.ok_button.setEnabled(not checking)
        if checking:
            self.error.setText(self.tr("Memeriksa…"))

    def _show_error(self, text: str, field: QLineEdit) -> None:
        self.error.setText(text)
        field.setFocus()
        field.selectAll()

    def retranslate(self) -> None:
        title = self.tr("Persetujuan supervisor")
        self.setWindowTitle(title)
        explanation = self.tr(
            "Petugas tidak boleh menerima sendiri gambar yang tidak lolos pemeriksaan mutu. "
            "Supervisor memeriksa gambar ini, lalu mengisi nama pengguna dan kata sandinya."
        )
        self.heading.setText(
            f"<h2>{html.escape(title)}</h2>"
            f"<p style='color:{WARNING_COLOUR}'>{html.escape(explanation)}</p>"
        )
        self.username_label.setText(self.tr("&Nama pengguna supervisor"))
        self.password_label.setText(self.tr("&Kata sandi"))
        self.ok_button.setText(self.tr("&Setujui (Enter)"))
        self.cancel_button.setText(self.tr("&Batal (Esc)"))
